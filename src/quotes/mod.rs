//! Quotes and their speakers: direct quotes in quote marks, reported speech ("X said that …"),
//! "according to X", with speakers resolved within the article (pronouns, short names, acronyms).

pub mod speakers;
pub mod tagger;
pub mod train;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::doc::{SpanIndex, TokenKind};
use crate::{Doc, Entity, EntityLabel, Quote, QuoteKind, Span, Speaker};
use speakers::Resolver;
use tagger::{AttributionModel, TaggedAttribution};

/// Whether a cue reports speech or writing ("said", "according to", a colon), as opposed to a
/// thought or an intention ("wants", "hopes"), which PolNeAR counts but factx does not quote.
fn speech_cue(doc: &Doc, cue: Option<Span>) -> bool {
    let Some(c) = cue else { return true };
    let text = doc.slice(c);
    let verbs = speech_verbs();
    let words = || text.split(|ch: char| !ch.is_alphanumeric() && ch != '-');
    text == ":"
        || text.to_lowercase().starts_with("according")
        || words().any(|w| verbs.contains(lower(w).as_ref()))
            // "have not said why …", "declined to comment on …" report nobody's words.
            && !words().any(|w| {
                matches!(w, "not" | "never")
                    || w.ends_with("n't")
                    || REFUSING.contains(&lower(w).as_ref())
            })
}

/// Verbs of declining to speak ("declined to comment").
const REFUSING: &[&str] = &["declined", "declines", "decline", "refused", "refuses", "refuse"];

/// Nouns for the findings of polls and studies ("In a CNN national poll, Clinton held a 24-point
/// lead").
const FINDING_NOUNS: &[&str] = &[
    "poll", "polls", "survey", "surveys", "study", "studies", "average", "analysis", "report", "data",
    "figures", "rankings", "count", "tally",
];

/// "In <a poll or study>, <finding>.": the poll is the source, "In" the cue and the rest of the
/// sentence what it found, as PolNeAR writes it.
fn poll_findings(doc: &Doc, resolver: &Resolver) -> Vec<Quote> {
    (0..doc.sentences.len())
        .filter_map(|s| poll_finding(doc, resolver, s))
        .collect()
}

/// The poll finding of sentence `s`, if it opens with "In" (after "But", "And", "Yet" or a quote
/// mark) and a poll or study.
fn poll_finding(doc: &Doc, resolver: &Resolver, s: usize) -> Option<Quote> {
    let range = doc.sentences[s].tokens.clone();
    let is_in = |t: usize| t < range.end && doc.token_text(t).eq_ignore_ascii_case("in");
    let k = if is_in(range.start) {
        0
    } else if is_in(range.start + 1)
        && matches!(doc.token_text(range.start), "But" | "And" | "Yet" | "“" | "\"")
    {
        1
    } else {
        return None;
    };
    let toks: Vec<usize> = range.collect();
    let text = |i: usize| doc.token_text(toks[i]);
    let comma = (k + 1..toks.len().min(k + 16)).find(|&i| text(i) == ",")?;
    // "a poll released Monday", "a survey taken in May".
    let participle = |w: &str| {
        w.starts_with(char::is_lowercase) && (w.ends_with("ed") || matches!(w, "taken" | "done" | "run"))
    };
    // The finding noun heads the phrase: it ends it or a participle follows, and no "of" ties
    // it to another head ("the wake of the report").
    let finding_at = |i: usize| FINDING_NOUNS.contains(&text(i));
    let head = (k + 1..comma).rev().find(|&i| finding_at(i))?;
    let tied = (k + 1..head).any(|i| text(i) == "of" && !finding_at(i - 1));
    let first = text(k + 1);
    let np_start = first.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        || matches!(
            first,
            "a" | "an"
                | "the"
                | "this"
                | "that"
                | "these"
                | "those"
                | "its"
                | "their"
                | "his"
                | "her"
                | "our"
                | "most"
                | "some"
                | "all"
                | "recent"
                | "national"
                | "exit"
                | "latest"
        )
        || finding_at(k + 1);
    if !(head + 1 == comma || participle(text(head + 1))) || tied || !np_start {
        return None;
    }
    // "In the … poll, conducted in early September, Clinton led …": the participle's phrase
    // belongs to the source.
    let mut comma = comma;
    if toks.get(comma + 1).is_some_and(|_| participle(text(comma + 1))) {
        if let Some(next) = (comma + 2..toks.len().min(comma + 12)).find(|&i| text(i) == ",") {
            comma = next;
        }
    }
    let mut last = toks.len() - 1;
    while last > comma && matches!(text(last), "." | "!" | "?" | "\"" | "”") {
        last -= 1;
    }
    // "In a poll, however, 73 percent …".
    let mut start = comma + 1;
    while start + 1 < last
        && matches!(text(start).to_lowercase().as_str(), "however" | "though")
        && text(start + 1) == ","
    {
        start += 2;
    }
    if last < start + 2 {
        return None;
    }
    let mention = Span::new(
        doc.tokens[toks[k + 1]].span.start,
        doc.tokens[toks[comma - 1]].span.end,
    );
    let named = resolver.noun_phrase(doc, toks[k + 1], toks[comma]);
    let speaker = Speaker {
        mention: Some(mention),
        ..named.unwrap_or(Speaker {
            name: doc.slice(mention).to_string(),
            label: "MISC".to_string(),
            entity: None,
            mention: None,
        })
    };
    Some(Quote {
        kind: QuoteKind::AccordingTo,
        content: Span::new(
            doc.tokens[toks[start]].span.start,
            doc.tokens[toks[last]].span.end,
        ),
        cue: Some(doc.tokens[toks[k]].span),
        speaker: Some(speaker),
    })
}

/// Whether a cue is a statement someone declined or refused to make ("A spokeswoman declined to
/// say how much …"): it reports nobody's words.
fn refused(doc: &Doc, cue: Option<Span>) -> bool {
    let Some(c) = cue else { return false };
    let t = doc.token_at_or_after(c.start);
    t >= 2
        && lower(doc.token_text(t - 1)) == "to"
        && REFUSING.contains(&lower(doc.token_text(t - 2)).as_ref())
}

/// Whether a cue is a speech verb inside a set phrase that reports nobody's words ("Having said
/// that, …", "That said, …", "That being said", "Needless to say", "Suffice it to say").
fn idiom_cue(doc: &Doc, cue: Option<Span>) -> bool {
    let Some(c) = cue else { return false };
    let t = doc.token_at_or_after(c.start);
    let word = |i: usize| (i < doc.tokens.len()).then(|| lower(doc.token_text(i)).into_owned());
    let back = |k: usize| t.checked_sub(k).and_then(word);
    let at = |k: usize| word(t + k);
    match lower(doc.token_text(t)).as_ref() {
        "said" => {
            back(1).as_deref() == Some("having") && at(1).as_deref() == Some("that")
                // Not "a billboard that said, …".
                || t > 0 && doc.token_text(t - 1) == "That" && at(1).as_deref() == Some(",")
                || back(1).as_deref() == Some("being") && back(2).as_deref() == Some("that")
        }
        "say" => {
            back(1).as_deref() == Some("to")
                && (back(2).as_deref() == Some("needless")
                    || back(2).as_deref() == Some("it") && back(3).as_deref() == Some("suffice"))
        }
        _ => false,
    }
}

/// Which attributions the quotes stage reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// What people said or wrote: quote marks, reported speech, "according to" (the gold's
    /// definition, eval/GUIDELINES.md).
    #[default]
    Speech,
    /// Every attribution the tagger finds, thoughts and intentions included ("X wants …",
    /// "X believes …"), with PolNeAR's spans (rules only when no tagger is loaded).
    All,
}

/// Rule quotes and tagged quotes combined for [`Scope::Speech`] (chosen by measurement on PolNeAR
/// dev and the hand-labelled gold; see eval/README.md): rule quotes keep their spans, and one
/// without a speaker takes the speaker and cue of the tagged quote over it; tagged quotes with a
/// speech cue and a source that names an entity or is a pronoun are added where the rules found
/// nothing.
fn combine_speech(doc: &Doc, rules: Vec<Quote>, tagged: Vec<Quote>) -> Vec<Quote> {
    let mut out = rules;
    let tagged_contents = SpanIndex::new(tagged.iter().map(|t| t.content));
    for q in &mut out {
        if q.speaker.is_none() {
            if let Some(t) = tagged_contents
                .overlapping(q.content)
                .into_iter()
                .map(|k| &tagged[k])
                .find(|t| t.speaker.is_some() && t.content.overlap(q.content) * 2 > q.content.len())
            {
                q.speaker = t.speaker.clone();
                q.cue = q.cue.or(t.cue);
            }
        }
    }
    let rule_contents = SpanIndex::new(out.iter().map(|o| o.content));
    let extra: Vec<Quote> = tagged
        .into_iter()
        .filter(|q| {
            rule_contents.overlapping(q.content).is_empty()
                && speech_cue(doc, q.cue)
                && q.speaker
                    .as_ref()
                    .is_some_and(|s| s.entity.is_some() || s.label == "PRON")
        })
        .collect();
    out.extend(extra);
    out
}

/// A tagged cue with no content takes the content of the rule quote on that cue: the tagger
/// misses some contents the rules find ("Those discussions are continuing, he said.").
fn contents_from_rules(doc: &Doc, rules: &[Quote], found: &mut [TaggedAttribution]) {
    let span = |r: &std::ops::Range<usize>| {
        Span::new(doc.tokens[r.start].span.start, doc.tokens[r.end - 1].span.end)
    };
    let mut taken: Vec<Span> = found.iter().flat_map(|a| a.content.iter().map(span)).collect();
    for a in found.iter_mut().filter(|a| a.content.is_empty()) {
        let Some(cue) = a.cue.as_ref().map(span) else {
            continue;
        };
        let Some(rule) = rules.iter().find(|q| {
            q.cue.is_some_and(|c| c.overlap(cue) > 0) && !taken.iter().any(|t| t.overlap(q.content) > 0)
        }) else {
            continue;
        };
        let std::ops::Range {
            start: mut first,
            mut end,
        } = doc.tokens_in(rule.content);
        // A direct quote with its marks, as the tagger writes it.
        let mark = |t: usize| {
            doc.tokens
                .get(t)
                .is_some_and(|t| t.kind == crate::doc::TokenKind::Quote)
        };
        if first > 0 && mark(first - 1) && mark(end) {
            first -= 1;
            end += 1;
        }
        if first < end {
            a.content.push(first..end);
            taken.push(rule.content);
        }
    }
}

/// A contentless cue before a colon ("He said:") takes the cue-less content right after it, and
/// the quoted paragraphs that follow: the tagger joins spans within a paragraph only.
fn colon_contents(doc: &Doc, found: &mut Vec<TaggedAttribution>) {
    // A content with neither cue nor source that starts at token `at`.
    let floating_at = |found: &[TaggedAttribution], at: usize| {
        found.iter().position(|b| {
            b.cue.is_none() && b.source.is_none() && b.content.first().is_some_and(|r| r.start == at)
        })
    };
    for i in 0..found.len() {
        let Some(cue) = found[i].cue.clone() else {
            continue;
        };
        if !found[i].content.is_empty() || cue.is_empty() {
            continue;
        }
        let colon = if doc.token_text(cue.end - 1) == ":" {
            cue.end - 1
        } else if cue.end < doc.tokens.len() && doc.token_text(cue.end) == ":" {
            cue.end
        } else {
            continue;
        };
        let Some(j) = floating_at(found, colon + 1) else {
            continue;
        };
        found[i].content = std::mem::take(&mut found[j].content);
        // The paragraphs that go on quoting, an opening mark on each, belong to it too.
        while let Some(last) = found[i].content.last().map(|r| r.end) {
            let opens_alike = last < doc.tokens.len()
                && doc.token_text(last) == doc.token_text(colon + 1)
                && matches!(doc.token_text(last), "\"" | "“" | "'" | "‘" | "''" | "``");
            let Some(k) = floating_at(found, last).filter(|_| opens_alike) else {
                break;
            };
            let more = std::mem::take(&mut found[k].content);
            found[i].content.extend(more);
        }
    }
    // The floating contents taken above are left empty.
    found.retain(|a| a.cue.is_some() || a.source.is_some() || !a.content.is_empty());
}

/// The quotes the rules alone find in a document (an input of the attribution tagger).
pub fn rule_quotes(doc: &Doc, entities: &[Entity]) -> Vec<Quote> {
    Quotes::new(None, Scope::Speech).rules(doc, &Resolver::new(doc, entities))
}

/// Whether the lower-case word `w` is a form of "be" ("was", "been").
fn be_form(w: &str) -> bool {
    matches!(w, "is" | "are" | "was" | "were" | "be" | "been" | "being")
}

/// A passive cue without its agent ("North Korea is not thought to be capable …", "Mr. Quiros
/// was accused of using …") has no source: the subject before it is what the attribution is
/// about, the first piece of its content, as PolNeAR writes it.
fn passive_subjects(doc: &Doc, found: &mut [TaggedAttribution]) {
    let low = |t: usize| lower(doc.token_text(t));
    let be = |t: usize| be_form(&low(t));
    let participle = |t: usize| {
        let w = low(t);
        w.len() > 3 && w.ends_with("ed")
            || matches!(
                w.as_ref(),
                "thought" | "known" | "seen" | "said" | "told" | "shown" | "held"
            )
    };
    let particle = |t: usize| matches!(low(t).as_ref(), "of" | "for" | "on" | "about" | "as" | "with");
    for a in found.iter_mut() {
        let (Some(source), Some(cue)) = (a.source.clone(), a.cue.clone()) else {
            continue;
        };
        if cue.is_empty() || source.end > cue.start || a.content.is_empty() {
            continue;
        }
        // be [adverbs] PARTICIPLE [particle], the participle last but for a particle.
        let mut end = cue.end;
        while end > cue.start + 1 && (particle(end - 1) || low(end - 1) == "by") {
            end -= 1;
        }
        let verb = end - 1;
        let passive = participle(verb) && (cue.start..verb).rev().any(be);
        let agent = cue.end < doc.tokens.len() && low(cue.end) == "by";
        if passive && !agent && !(cue.start..cue.end).any(|t| low(t) == "by") {
            a.content.insert(0, source);
            a.source = None;
            continue;
        }
        // "X has been accused by rights groups of …": the agent the tagger took for content is
        // the source, and X, what it is said of, the content's first piece.
        let by_in_cue = low(cue.end - 1) == "by";
        let agent_start = if by_in_cue { cue.end } else { cue.end + 1 };
        if passive && (agent || by_in_cue) && a.content[0].start == agent_start {
            if !by_in_cue {
                a.cue = Some(cue.start..cue.end + 1);
            }
            // The agent ends at the charge ("accused by X of …", "criticised by X for …"), else it
            // is the whole piece ("endorsed by dozens of papers").
            let charge = match low(verb).as_ref() {
                "accused" | "suspected" | "convicted" | "acquitted" | "cleared" | "warned" => "of",
                "criticized" | "criticised" | "praised" | "blamed" | "condemned" | "faulted" | "attacked"
                | "thanked" => "for",
                _ => ",",
            };
            let first = a.content[0].clone();
            let agent_end = (first.start + 1..first.end)
                .find(|&t| low(t) == charge || doc.token_text(t) == ",")
                .unwrap_or(first.end);
            a.source = Some(first.start..agent_end);
            if agent_end < first.end {
                a.content[0] = agent_end..first.end;
            } else {
                a.content.remove(0);
            }
            a.content.insert(0, source);
        }
    }
}

/// A source and cue set off by commas inside a sentence ("Climate change, Mr. Obama often says,
/// is …") take the words before them as the first piece of their content, as PolNeAR writes it:
/// the tagger finds the words after the cue only.
fn parenthetical_contents(doc: &Doc, found: &mut [TaggedAttribution]) {
    let is_comma = |t: usize| doc.token_text(t) == ",";
    let is_mark = |t: usize| doc.tokens[t].kind == crate::doc::TokenKind::Quote;
    for i in 0..found.len() {
        let a = &found[i];
        let (Some(source), Some(cue), Some(first)) = (&a.source, &a.cue, a.content.first()) else {
            continue;
        };
        let (lo, hi) = (source.start.min(cue.start), source.end.max(cue.end));
        // ", SOURCE CUE [a few words]," right before the content.
        if lo == 0
            || !is_comma(lo - 1)
            || first.start <= hi
            || !is_comma(first.start - 1)
            || first.start - 1 - hi > 3
        {
            continue;
        }
        let Some(sentence) = doc.sentence_at(doc.tokens[lo].span.start) else {
            continue;
        };
        let lead = doc.sentences[sentence].tokens.start..lo - 1;
        if lead.is_empty() || (is_mark(first.start) && !is_mark(lead.start)) {
            continue;
        }
        let taken = |r: &std::ops::Range<usize>| r.start < lead.end && lead.start < r.end;
        let claimed = found.iter().any(|b| {
            b.source.as_ref().is_some_and(taken)
                || b.cue.as_ref().is_some_and(taken)
                || b.content.iter().any(taken)
        });
        if !claimed {
            found[i].content.insert(0, lead);
        }
    }
}

/// Whether a lower-case word looks like a finite verb: a past form in -ed or an auxiliary.
pub(crate) fn finite_verb_like(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "would"
        )
}

/// Whether a word after a verb's object opens a new noun phrase: a determiner or a number.
fn clause_opener(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "this"
            | "these"
            | "those"
            | "some"
            | "no"
    ) || w.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a word is a preposition that a noun phrase follows ("outside a polling station").
fn preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "at"
            | "on"
            | "of"
            | "for"
            | "from"
            | "with"
            | "during"
            | "after"
            | "before"
            | "outside"
            | "inside"
            | "near"
            | "by"
            | "to"
            | "about"
    )
}

/// The rules' "according to X" quotes replace tagged quotes whose cue lies inside their content:
/// the tagger takes "Police have said …, according to attorneys for the family." for the police's
/// quote, and PolNeAR, which never puts a cue inside a content, for the attorneys'.
fn according_to_wins(quotes: &mut Vec<Quote>, rules: &[Quote]) {
    let according: Vec<&Quote> = rules
        .iter()
        .filter(|r| {
            r.kind == QuoteKind::AccordingTo
                && r.speaker.is_some()
                && !quotes
                    .iter()
                    .any(|q| q.cue.zip(r.cue).is_some_and(|(a, b)| a.overlap(b) > 0))
        })
        .collect();
    for r in &according {
        quotes.retain(|q| {
            q.content.overlap(r.content) == 0 || q.cue.is_some_and(|c| r.content.overlap(c) < c.len())
        });
    }
    quotes.extend(according.into_iter().cloned());
}

/// Quotes from tagged attributions: one per content fragment, quote marks and a leading "that"
/// left out of the content, the source named through the resolver.
fn tagged_quotes(doc: &Doc, resolver: &Resolver, found: &[TaggedAttribution]) -> Vec<Quote> {
    let span = |r: &std::ops::Range<usize>| {
        Span::new(doc.tokens[r.start].span.start, doc.tokens[r.end - 1].span.end)
    };
    let mut out = Vec::new();
    for a in found {
        let cue = a.cue.as_ref().map(span);
        let speaker = a.source.as_ref().map(|r| {
            // A closing comma is no part of a name ("said Skelly, explaining …"); PolNeAR's
            // scorer puts back the one that closes an apposition.
            let mut r = r.clone();
            while r.len() > 1 && doc.token_text(r.end - 1) == "," {
                r.end -= 1;
            }
            let mention = span(&r);
            match resolver.noun_phrase(doc, r.start, r.end) {
                Some(sp) => Speaker {
                    mention: Some(mention),
                    ..sp
                },
                None => Speaker {
                    name: doc.slice(mention).to_string(),
                    label: "PRON".to_string(),
                    entity: None,
                    mention: Some(mention),
                },
            }
        });
        let according = cue.is_some_and(|c| doc.slice(c).to_lowercase().starts_with("according"));
        for r in &a.content {
            let (content, marked) = strip_content(doc, r.clone());
            if content.is_empty() {
                continue;
            }
            let inner_marks = has_double_marks(doc.slice(content));
            let kind = if according {
                QuoteKind::AccordingTo
            } else if marked && !inner_marks {
                QuoteKind::Direct
            } else if marked || inner_marks {
                QuoteKind::Mixed
            } else {
                QuoteKind::Indirect
            };
            out.push(Quote {
                kind,
                content,
                cue,
                speaker: speaker.clone(),
            });
        }
    }
    out
}

/// A tagged content without its enclosing quote marks (and whether it had them) or its leading
/// complementiser "that" (lower case: a sentence's first "That" belongs to the content).
/// Whether a text holds a double quote mark (straight, curly, or a doubled '' or ``).
fn has_double_marks(s: &str) -> bool {
    s.contains(['"', '“', '”']) || s.contains("''") || s.contains("``")
}

fn strip_content(doc: &Doc, r: std::ops::Range<usize>) -> (Span, bool) {
    let (mut a, mut b) = (r.start, r.end);
    if b - a >= 2 && doc.token_text(a) == "that" {
        a += 1;
        // "that, if elected, he'd …", "that, “For those few …”"
        if b - a >= 2 && doc.token_text(a) == "," {
            a += 1;
        }
    }
    let is_mark = |t: usize| {
        matches!(
            doc.token_text(t),
            "\"" | "“" | "”" | "‘" | "’" | "'" | "''" | "``"
        )
    };
    let marked = b - a >= 2 && is_mark(a) && is_mark(b - 1);
    if marked {
        a += 1;
        b -= 1;
    }
    if a >= b {
        return (Span::default(), marked);
    }
    (
        Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end),
        marked,
    )
}

/// Speech and attribution verbs in all their forms (lower case).
pub fn speech_verbs() -> &'static HashSet<&'static str> {
    static VERBS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    VERBS.get_or_init(|| {
        include_str!("speech_verbs.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Verbs that introduce reported speech even without quote marks (a narrower set than all cues).
fn reporting_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "warned"
            | "warns"
            | "confirmed"
            | "confirms"
            | "claimed"
            | "claims"
            | "stated"
            | "states"
            | "explained"
            | "explains"
            | "insisted"
            | "insists"
            | "denied"
            | "denies"
            | "announced"
            | "announces"
            | "reported"
            | "reports"
            | "argued"
            | "argues"
            | "believes"
            | "believed"
            | "noted"
            | "notes"
            | "estimated"
            | "estimates"
            | "found"
            | "finds"
            | "show"
            | "shows"
            | "showed"
            | "revealed"
            | "reveals"
            | "suggested"
            | "suggests"
            | "described"
            | "describes"
            | "called"
            | "calls"
            | "accused"
            | "accuses"
            | "urged"
            | "urges"
            | "admitted"
            | "admits"
            | "acknowledged"
            | "acknowledges"
            | "alleged"
            | "alleges"
            | "predicted"
            | "predicts"
            | "wrote"
            | "writes"
            | "tweeted"
            | "declared"
            | "declares"
            | "concluded"
            | "concludes"
            | "thinks"
            | "thought"
            | "feared"
            | "fears"
            | "hoped"
            | "hopes"
            | "promised"
            | "promises"
            | "pledged"
            | "observed"
            | "observes"
            | "recommended"
            | "recommends"
            | "stressed"
            | "stresses"
            | "emphasised"
            | "emphasized"
            | "conceded"
            | "concedes"
            | "asserted"
            | "asserts"
            | "remarked"
            | "theorized"
            | "theorised"
    ) || PLURAL_PRESENT.contains(&w)
}

/// Reporting verbs in the plural present (and "forecast") that are as often nouns or infinitives
/// ("a cost estimate", "to warn", "the forecast"): cues only before "that" ("Officials estimate
/// that …", "The department has forecast that …", see [`reports_words`]).
const PLURAL_PRESENT: &[&str] = &[
    "estimate",
    "warn",
    "argue",
    "insist",
    "predict",
    "forecast",
    "forecasts",
];

/// Whether the verb at `toks[k]` gives a figure for something: "estimate(s) the damage at
/// $5bn", "put(s) the death toll at 45" (a determiner, a few words, "at", a number or qualifier).
fn valued_object(doc: &Doc, toks: &[usize], k: usize) -> bool {
    let low = |i: usize| {
        toks.get(i)
            .map_or(std::borrow::Cow::Borrowed(""), |&t| lower(doc.token_text(t)))
    };
    let verb = low(k);
    if !matches!(
        verb.as_ref(),
        "estimate" | "estimates" | "estimated" | "put" | "puts"
    ) {
        return false;
    }
    if !matches!(low(k + 1).as_ref(), "the" | "a" | "its" | "their" | "his" | "her") {
        return false;
    }
    let Some(at) = (k + 2..toks.len().min(k + 8)).find(|&i| low(i) == "at") else {
        return false;
    };
    let object = (k + 2..at).map(&low).collect::<Vec<_>>();
    // "put" is a figure's verb only for a count or an amount.
    let counted = object.iter().any(|w| {
        matches!(
            w.as_ref(),
            "toll" | "figure" | "number" | "cost" | "costs" | "total" | "damage" | "bill" | "loss" | "losses"
        )
    });
    let figure = low(at + 1);
    (verb.starts_with("estimate") || counted)
        && object
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\''))
        && (figure.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '£' | '€'))
            || matches!(
                figure.as_ref(),
                "about"
                    | "around"
                    | "more"
                    | "over"
                    | "nearly"
                    | "almost"
                    | "roughly"
                    | "some"
                    | "least"
                    | "between"
            ))
}

/// Reporting words that are nouns as often as verbs ("police reports", "the state's claims").
fn noun_or_verb(w: &str) -> bool {
    matches!(
        w,
        "reports"
            | "claims"
            | "calls"
            | "shows"
            | "show"
            | "notes"
            | "estimates"
            | "fears"
            | "hopes"
            | "promises"
            | "states"
    )
}

/// Whether the reporting verb at `toks[k]` reports somebody's words: not a capitalised word inside
/// the sentence (a name: "the United States National Security Council"), not a passive ("were
/// found", "were twice denied"), not a denied statement ("officials have not said why"), not a
/// noun after its determiner ("initial reports of the explosion", "his claims").
fn reports_words(doc: &Doc, toks: &[usize], k: usize) -> bool {
    if k > 0 && doc.token_text(toks[k]).starts_with(char::is_uppercase) {
        return false;
    }
    let word = lower(doc.token_text(toks[k]));
    let noun_like = noun_or_verb(&word) || matches!(word.as_ref(), "finds" | "thought" | "found");
    // The object of a verb ("taking calls", "scrutinized reports"), after a number ("18 states") or
    // a hyphenated modifier ("late-night tweets").
    let prev = if k > 0 { doc.token_text(toks[k - 1]) } else { "" };
    let modified = prev.starts_with(|c: char| c.is_ascii_digit())
        || hyphenated_modifier(prev)
        || (prev.len() > 4
            && prev.starts_with(char::is_lowercase)
            && (prev.ends_with("ing") || prev.ends_with("ed")));
    if (noun_like || word == "tweets") && modified {
        return false;
    }
    let next = toks.get(k + 1).map_or("", |&x| doc.token_text(x));
    match word.as_ref() {
        // Mostly nouns ("battleground states", "a TV show") unless a clause follows.
        "states" if !matches!(next, "that" | ":") => return false,
        "show" if matches!(prev, "to" | "To") || next == "up" => return false,
        // "Having said that, …"
        "said" if matches!(prev, "Having" | "having") => return false,
        // "an estimated 1.2 million deaths": an adjective.
        "estimated" if matches!(lower(prev).as_ref(), "an" | "the" | "a") => return false,
        w if PLURAL_PRESENT.contains(&w)
            && (next != "that"
                || matches!(
                    lower(prev).as_ref(),
                    "to" | "will" | "would" | "can" | "could" | "may" | "might" | "must" | "should" | "not"
                )) =>
        {
            return false
        }
        _ => {}
    }
    // ", called EB-5," names a thing.
    if doc.token_text(toks[k]) == "called"
        && prev == ","
        && toks
            .get(k + 1)
            .is_some_and(|&x| doc.token_text(x).starts_with(char::is_uppercase))
    {
        return false;
    }
    if noun_like
        && k > 0
        && matches!(
            lower(doc.token_text(toks[k - 1])).as_ref(),
            "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "their"
                | "its"
                | "our"
                | "my"
                | "your"
                | "these"
                | "those"
                | "such"
                | "no"
                | "any"
                | "some"
                | "many"
                | "several"
                | "initial"
                | "early"
                | "earlier"
                | "recent"
                | "new"
                | "latest"
                | "media"
                | "news"
                | "press"
                | "police"
                | "'s"
                | "’s"
        )
    {
        return false;
    }
    !toks[k.saturating_sub(2)..k].iter().any(|&x| {
        matches!(
            lower(doc.token_text(x)).as_ref(),
            "was" | "were" | "been" | "being" | "be" | "is" | "are" | "not" | "n't" | "never"
        )
    })
}

/// A reported quote split at a second reporting verb inside its content: "He claimed vast wealth
/// and said it ensured …", "…, but he said that discussion should wait", "…, saying the courts have
/// no business …". The second verb's subject is the first quote's speaker unless a short phrase
/// naming someone stands between the conjunction and the verb; after a comma and "but", "while"
/// or "and", a description names another party too ("…, but campaigners said …").
fn coordinated_reports(doc: &Doc, resolver: &Resolver, q: Quote, covered: &[Span]) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut q = q;
    while let Some((rest, second)) = second_report(doc, resolver, &q) {
        let kind_of = |content: Span| reported_kind(doc, covered, content);
        // "tweeted to Mohamed and said …": a first piece opening with a preposition is no content.
        let opens_with_preposition = matches!(
            doc.token_text(doc.token_at_or_after(rest.start)),
            "to" | "at" | "on" | "in" | "with" | "for" | "from" | "about" | "of" | "by"
        );
        if !opens_with_preposition {
            out.push(Quote {
                kind: kind_of(rest),
                content: rest,
                ..q
            });
        }
        q = Quote {
            kind: kind_of(second.content),
            ..second
        };
    }
    out.push(q);
    out
}

/// A quoted name given in a relative clause: "in what the judge described as “a gross breach of
/// trust”", "The plan, which the minister called “a disaster”, was dropped". The subject between
/// the relative word and the verb is the speaker; the content runs from the verb to the closing
/// mark, as in "called the situation a “nightmare”".
fn named_in_relative_clause(doc: &Doc, resolver: &Resolver, toks: &[usize], k: usize) -> Option<Quote> {
    let low = |i: usize| lower(doc.token_text(toks[i]));
    if !matches!(
        low(k).as_ref(),
        "called"
            | "calls"
            | "described"
            | "describes"
            | "termed"
            | "dubbed"
            | "branded"
            | "labelled"
            | "labeled"
            | "characterised"
            | "characterized"
    ) {
        return None;
    }
    let rel = (k.saturating_sub(5)..k)
        .rev()
        .find(|&i| matches!(low(i).as_ref(), "what" | "which" | "whom"))?;
    if rel + 1 == k || (rel + 1..k).any(|i| !doc.token_text(toks[i]).chars().any(char::is_alphanumeric)) {
        return None;
    }
    let mut open = k + 1;
    if toks
        .get(open)
        .is_some_and(|_| matches!(low(open).as_ref(), "as" | "it" | "them"))
    {
        open += 1;
    }
    let quote_mark = |i: usize| {
        toks.get(i)
            .is_some_and(|&x| doc.tokens[x].kind == TokenKind::Quote)
    };
    if !quote_mark(open) {
        return None;
    }
    let close = (open + 2..toks.len().min(open + 14)).find(|&i| quote_mark(i))?;
    let speaker = resolver.noun_phrase(doc, toks[rel + 1], toks[k])?;
    let content = Span::new(
        doc.tokens[toks[k + 1]].span.start,
        doc.tokens[toks[close]].span.end,
    );
    Some(Quote {
        kind: QuoteKind::Mixed,
        content,
        cue: Some(doc.tokens[toks[k]].span),
        speaker: Some(speaker),
    })
}

/// The index of "that" in `toks` when a time or place runs from `c` up to it ("said on Monday
/// that", "said Tuesday that", "told reporters in a statement that"): no part of what was said.
fn past_when_or_where(doc: &Doc, toks: &[usize], c: usize) -> usize {
    let low = |t: usize| lower(doc.token_text(t));
    let Some(that) = (c + 1..toks.len().min(c + 9)).find(|&i| low(toks[i]) == "that") else {
        return c;
    };
    let opener = low(toks[c]);
    let when_or_where = WHEN.contains(&opener.as_ref())
        || (matches!(
            opener.as_ref(),
            "in" | "at" | "during" | "after" | "before" | "via"
        ) && that >= c + 2
            && !matches!(low(toks[that - 1]).as_ref(), "in" | "on" | "at" | "of" | "with"));
    let plain = toks[c..that]
        .iter()
        .all(|&x| !matches!(doc.token_text(x), ":" | ";" | "\"" | "“" | "”" | "``" | "''"));
    if when_or_where && plain {
        that
    } else {
        c
    }
}

/// The first content's new extent and the second quote, when `q`'s content holds a second report.
fn second_report(doc: &Doc, resolver: &Resolver, q: &Quote) -> Option<(Span, Quote)> {
    if !matches!(q.kind, QuoteKind::Indirect | QuoteKind::Mixed) || q.cue?.end > q.content.start {
        return None;
    }
    let toks: Vec<usize> = doc.tokens_in(q.content).collect();
    let low = |t: usize| lower(doc.token_text(t));
    for k in 2..toks.len() {
        let w = low(toks[k]);
        let participle = matches!(
            w.as_ref(),
            "saying"
                | "adding"
                | "arguing"
                | "noting"
                | "claiming"
                | "warning"
                | "insisting"
                | "explaining"
                | "stressing"
                | "insisted"
        );
        if !(participle || reporting_verb(&w)) || doc.token_text(toks[k]).starts_with(char::is_uppercase) {
            continue;
        }
        // The conjunction or comma that opens the second clause, and the subject between.
        let mut j = k;
        if j > 0 && low(toks[j - 1]) == "also" {
            j -= 1;
        }
        let Some(opener) = (j.saturating_sub(5)..j).rev().find(|&c| {
            matches!(low(toks[c]).as_ref(), "and" | "but" | "while" | "whereas")
                || (participle && c + 1 == j && doc.token_text(toks[c]) == ",")
        }) else {
            continue;
        };
        // "…, but campaigners said …", "…, while his family said …": a contrast after a comma
        // opens another party's report, whoever names it.
        let contrast = matches!(low(toks[opener]).as_ref(), "and" | "but" | "while" | "whereas")
            && opener > 0
            && doc.token_text(toks[opener - 1]) == ",";
        // "and any walkouts were called off": a passive reports nothing.
        let passive = (opener + 1..j).any(|t| be_form(&low(toks[t])));
        if passive {
            continue;
        }
        let speaker = if opener + 1 == j && matches!(low(toks[opener]).as_ref(), "and" | "but" | ",") {
            q.speaker.clone()
        } else if participle || opener + 1 == j {
            continue;
        } else {
            // A description names a party only before a verb that is no plural noun ("while the
            // March 1 states account for …", "but multiple reports reveal …"), and opens with no
            // participle or subordinator ("while condemning violence, accused …").
            let description_may_report = contrast
                && !matches!(
                    w.as_ref(),
                    "states"
                        | "reports"
                        | "claims"
                        | "notes"
                        | "comments"
                        | "estimates"
                        | "charges"
                        | "accounts"
                )
                && !matches!(
                    low(toks[opener + 1]).as_ref(),
                    "though" | "although" | "if" | "when" | "as" | "because" | "since"
                )
                && !low(toks[opener + 1]).ends_with("ing");
            match resolver.noun_phrase(doc, toks[opener + 1], toks[j]) {
                Some(named) if named.entity.is_some() || named.label == "PRON" || description_may_report => {
                    Some(named)
                }
                _ => continue,
            }
        };
        // The first content ends before the opener and any comma in front of it.
        let mut last = opener.checked_sub(1)?;
        if doc.token_text(toks[last]) == "," {
            last = last.checked_sub(1)?;
        }
        if participle && opener > 0 && doc.token_text(toks[opener]) != "," {
            // ", and saying" — the comma before "and" is the break.
            continue;
        }
        // The second content: after the verb, a time or place and an optional "that", at least
        // three words, no quote mark.
        let mut c = k + 1;
        if c < toks.len() {
            c = past_when_or_where(doc, &toks, c);
        }
        if toks.get(c).is_some_and(|&x| low(x) == "that") {
            c += 1;
        }
        let first = *toks.get(c)?;
        if toks.len() - c < 3
            || matches!(doc.token_text(first), "\"" | "“" | "``" | "''" | ":" | ",")
            // "denied involvement and said …": a one-word first content is a word.
            || (last == 0 && !doc.token_text(toks[0]).chars().all(char::is_alphabetic))
        {
            return None;
        }
        let rest = Span::new(q.content.start, doc.tokens[toks[last]].span.end);
        let second = Quote {
            kind: q.kind,
            content: Span::new(doc.tokens[first].span.start, q.content.end),
            cue: Some(doc.tokens[toks[k]].span),
            speaker,
        };
        return Some((rest, second));
    }
    None
}

/// Participles that, after a cue and a comma, open an attribution of their own ("…,” he said,
/// adding that …", "Trump said, referring to Obama"), beyond the speech verbs' own "-ing" forms.
const ATTRIBUTING_PARTICIPLES: &[&str] = &[
    "emphasizing",
    "emphasising",
    "stressing",
    "citing",
    "referring",
    "alluding",
    "recalling",
    "complaining",
    "accusing",
    "urging",
    "calling",
];

/// Participles whose object comes before the reported clause ("reassuring Putin that …").
const OBJECT_PARTICIPLES: &[&str] = &[
    "reassuring",
    "assuring",
    "telling",
    "reminding",
    "informing",
    "urging",
    "warning",
    "accusing",
];

/// A quote whose content opens with a participle after its cue's comma ("Anderson said, adding
/// that Sanders is …") is the participle's: its cue is the participle (with "to" or "out" after
/// it) and its content what follows, "that" excluded, as PolNeAR writes it. Under
/// [`Scope::Speech`] one whose participle is no speech verb ("referring to Obama") is dropped:
/// those are not the speaker's words.
fn participle_cues(doc: &Doc, scope: Scope, quotes: &mut Vec<Quote>) {
    let contents = SpanIndex::new(quotes.iter().map(|q| q.content));
    let mut k = 0;
    quotes.retain_mut(|q| {
        k += 1;
        let this = k - 1;
        let Some(cue) = q.cue.filter(|c| c.end <= q.content.start) else {
            return true;
        };
        let toks: Vec<usize> = doc.tokens_in(q.content).collect();
        let (Some(&first), Some(&next)) = (toks.first(), toks.get(1)) else {
            return true;
        };
        let w = lower(doc.token_text(first));
        // "calling the chief “brilliant”" names what was said.
        let speech = (w.ends_with("ing") && speech_verbs().contains(w.as_ref())) || w == "calling";
        let comma_before =
            first > 0 && doc.token_text(first - 1) == "," && doc.tokens[first - 1].span.start >= cue.end;
        if !(speech || ATTRIBUTING_PARTICIPLES.contains(&w.as_ref())) || !comma_before {
            return true;
        }
        let mut c = 1;
        if matches!(
            (w.as_ref(), doc.token_text(next)),
            ("referring" | "alluding" | "pointing", "to") | ("pointing", "out") | ("calling", "for")
        ) {
            c += 1;
        }
        let cue_end = doc.tokens[toks[c - 1]].span.end;
        // "pointing to his ears" is a gesture; "pointing out that" speech.
        let speech = speech && !(w == "pointing" && c == 2 && doc.token_text(next) == "to");
        // An object before "that" is neither cue nor content ("reassuring his counterpart that").
        if OBJECT_PARTICIPLES.contains(&w.as_ref()) {
            if let Some(that) = (c..toks.len().min(c + 7))
                .take_while(|&i| !matches!(doc.tokens[toks[i]].kind, TokenKind::Punct | TokenKind::Quote))
                .find(|&i| lower(doc.token_text(toks[i])) == "that")
            {
                c = that;
            }
        }
        if toks.get(c).is_some_and(|&x| lower(doc.token_text(x)) == "that") {
            c += 1;
        }
        while toks
            .get(c)
            .is_some_and(|&x| matches!(doc.token_text(x), "," | ":"))
        {
            c += 1;
        }
        let Some(&start) = toks.get(c) else {
            return true;
        };
        // "writing for RealClearPolitics:": where, not what.
        if preposition(&lower(doc.token_text(start))) {
            return true;
        }
        if !speech && scope == Scope::Speech {
            return false;
        }
        // "adding, “…”" where the quotation is a quote of its own already.
        let quotation = doc.tokens[start].kind == TokenKind::Quote;
        let rest = Span::new(doc.tokens[start].span.start, q.content.end);
        if quotation && contents.overlapping(rest).into_iter().any(|o| o != this) {
            return false;
        }
        q.cue = Some(Span::new(doc.tokens[first].span.start, cue_end));
        q.content = Span::new(doc.tokens[start].span.start, q.content.end);
        // "adding, “…”": a quotation alone is a direct quote, without its marks.
        let rest = &toks[c..];
        let mark = |x: usize| doc.tokens[x].kind == TokenKind::Quote;
        if rest.len() > 2
            && mark(rest[0])
            && mark(rest[rest.len() - 1])
            && !rest[1..rest.len() - 1].iter().any(|&x| mark(x))
        {
            q.kind = QuoteKind::Direct;
            q.content = Span::new(
                doc.tokens[rest[1]].span.start,
                doc.tokens[rest[rest.len() - 2]].span.end,
            );
        }
        true
    });
}

/// Participles that report speech after a comma ("…, saying the courts have no business …").
const REPORTING_PARTICIPLES: &[&str] = &[
    "saying",
    "adding",
    "arguing",
    "insisting",
    "noting",
    "claiming",
    "warning",
    "explaining",
    "stressing",
];

/// "X did something, saying (that) Y" with a name or pronoun X opening the sentence (a place only
/// before a short clause) and no reporting verb of a longer clause before the participle: Y
/// reported from X.
fn participle_report(doc: &Doc, resolver: &Resolver, toks: &[usize], end: usize) -> Option<Quote> {
    let k = (3..toks.len()).find(|&k| {
        doc.token_text(toks[k - 1]) == "," && REPORTING_PARTICIPLES.contains(&doc.token_text(toks[k]))
    })?;
    let (speaker, after) = resolver.clause_subject(doc, toks[0], toks[k - 1])?;
    // The subject is followed by its verb (a lower-case word), not by more of a longer phrase.
    if !doc.token_text(after).starts_with(char::is_lowercase) {
        return None;
    }
    // A short clause before the comma ("Russia responded, saying …", "He denied it, saying …")
    // reports nothing of its own; in a longer one a reporting verb does ("…, Mr. Manafort said,
    // adding that …"), and a place mostly modifies a noun ("New York businessman Donald Trump
    // praised …").
    let short = toks[k - 1] - after <= 3;
    if !short
        && ((0..k).any(|j| reporting_verb(&lower(doc.token_text(toks[j]))) && reports_words(doc, toks, j))
            || speaker.label == "LOC")
    {
        return None;
    }
    let mut c = k + 1;
    if toks.get(c).is_some_and(|&x| lower(doc.token_text(x)) == "that") {
        c += 1;
    }
    // "saying in a tweet that …": where it was said comes before its "that".
    if toks.get(c).is_some_and(|&x| preposition(doc.token_text(x))) {
        if let Some(t) = (c + 1..toks.len().min(c + 9))
            .take_while(|&j| !matches!(doc.token_text(toks[j]), "," | "\"" | "“"))
            .find(|&j| doc.token_text(toks[j]) == "that")
        {
            c = t + 1;
        }
    }
    let first = *toks.get(c)?;
    // "…, adding to her lead": "to" opens no reported clause.
    if first > end
        || end + 1 - first < 3
        || matches!(doc.token_text(first), "\"" | "“" | "``" | "''" | ":" | "," | "to")
    {
        return None;
    }
    let content = Span::new(doc.tokens[first].span.start, doc.tokens[end].span.end);
    Some(Quote {
        kind: QuoteKind::Indirect,
        content: with_closing_mark(doc, content, end),
        cue: Some(doc.tokens[toks[k]].span),
        speaker: Some(speaker),
    })
}

/// A reported clause (`content`, ending with token `e`) that ends with a quotation keeps its
/// closing mark ("was “the tip of the iceberg”.", "was “true.”").
fn with_closing_mark(doc: &Doc, content: Span, e: usize) -> Span {
    let text = doc.slice(content);
    let opens = text.matches(['“']).count() + text.matches("``").count();
    let closes = text.matches(['”']).count();
    if opens > closes || text.matches('"').count() % 2 == 1 {
        let close = (e + 1..doc.tokens.len().min(e + 3))
            .take_while(|&x| matches!(doc.token_text(x), "." | "," | "!" | "?" | "\"" | "”" | "''"))
            .find(|&x| matches!(doc.token_text(x), "\"" | "”" | "''"));
        if let Some(x) = close {
            return Span::new(content.start, doc.tokens[x].span.end);
        }
    }
    content
}

/// Whether `toks[a]` is a comma opening an apposition or relative clause ("…, a spokesman").
fn opens_apposition(doc: &Doc, toks: &[usize], a: usize) -> bool {
    doc.token_text(toks[a]) == ","
        && toks.get(a + 1).is_some_and(|&x| {
            matches!(
                lower(doc.token_text(x)).as_ref(),
                "a" | "an" | "the" | "who" | "which" | "whose" | "his" | "her" | "its" | "their"
            ) || doc.token_text(x).starts_with(char::is_uppercase)
        })
}

/// The quoted spans of `covered` (in text order, none overlapping another) that share a byte
/// with `span`, found by binary search: a document may hold thousands.
fn covered_overlapping(covered: &[Span], span: Span) -> &[Span] {
    let end = covered.partition_point(|c| c.start < span.end);
    let start = covered[..end].partition_point(|c| c.end <= span.start);
    &covered[start..end]
}

/// Indirect, or mixed when the content holds quoted words (`covered`) or double marks.
fn reported_kind(doc: &Doc, covered: &[Span], content: Span) -> QuoteKind {
    if !covered_overlapping(covered, content).is_empty() || has_double_marks(doc.slice(content)) {
        QuoteKind::Mixed
    } else {
        QuoteKind::Indirect
    }
}

/// A speaker's mention named after its verb, run on over the apposition that closes the sentence
/// ("said Kenneth Baer, a former official who runs Crosscut Strategies."); `toks` holds the
/// words around it.
fn with_closing_apposition(doc: &Doc, mention: Span, toks: &[usize]) -> Span {
    let Some(a) = toks.iter().position(|&x| doc.tokens[x].span.start >= mention.end) else {
        return mention;
    };
    if !opens_apposition(doc, toks, a) {
        return mention;
    }
    // The apposition ends where the sentence does, at a quote mark, or after 40 words at most.
    let stop = toks[a + 1..].iter().take(40).position(|&x| {
        matches!(
            doc.token_text(x),
            "." | "!" | "?" | "\"" | "“" | "”" | "''" | "``" | ":" | ";"
        )
    });
    match stop {
        Some(n) if n >= 1 => Span::new(mention.start, doc.tokens[toks[a + n]].span.end),
        _ => mention,
    }
}

/// Whether the verb at `toks[k]` sits in a subordinate clause that opens the sentence and ends at
/// a comma before the main clause ("Back when he wrote his book, Mr. McKinley said …").
fn in_fronted_clause(doc: &Doc, toks: &[usize], k: usize) -> bool {
    let start = toks[..k]
        .iter()
        .rposition(|&x| doc.token_text(x) == ",")
        .map_or(0, |c| c + 1);
    start == 0
        && toks[..k].iter().any(|&x| {
            matches!(
                lower(doc.token_text(x)).as_ref(),
                "when"
                    | "while"
                    | "after"
                    | "before"
                    | "if"
                    | "because"
                    | "since"
                    | "although"
                    | "though"
                    | "once"
                    | "until"
                    | "unless"
                    | "whether"
            )
        })
        && toks[k + 1..].iter().any(|&x| doc.token_text(x) == ",")
}

/// Words after which a reporting word is a noun ("the report", "secretary of state").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "of", "his", "her", "their", "its", "our", "my", "your", "this",
];

/// Whether `prev` is a hyphenated modifier ("late-night"), after which a speech word is a noun.
fn hyphenated_modifier(prev: &str) -> bool {
    prev.contains('-') && prev.starts_with(char::is_lowercase)
}

/// Whether a speech word after `prev` is a noun: after a determiner or "of" ("the report",
/// "secretary of state") or a hyphenated modifier ("late-night tweets").
fn noun_after(prev: &str) -> bool {
    DETERMINERS.contains(&lower(prev).as_ref()) || hyphenated_modifier(prev)
}

/// Pronouns that open a clause as its subject.
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "there", "this"];

/// Words of when something was said ("on Monday", "last week", "earlier").
const WHEN: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "on",
    "last",
    "this",
    "earlier",
    "later",
    "week",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
    "recently",
];

/// Words that may follow a sentence-closing cue: when it was said ("said Friday", "said last
/// week") or where ("said in a statement", "told reporters on Monday" after `told`).
fn closing_tail(doc: &Doc, verb: usize, tail: &[usize]) -> bool {
    if tail.is_empty() {
        return true;
    }
    let low = |t: usize| lower(doc.token_text(t));
    let first = low(tail[0]);
    tail.iter().all(|&t| WHEN.contains(&low(t).as_ref()))
        || (matches!(first.as_ref(), "in" | "at") && tail.len() <= 5)
        // "said in an interview with the BBC", "said during a visit to the camp", "said after the
        // hearing".
        || (matches!(first.as_ref(), "in" | "during" | "after" | "following")
            && tail.len() <= 8
            && tail.get(1).is_some_and(|&t| matches!(low(t).as_ref(), "a" | "an" | "the" | "his" | "her" | "its" | "their"))
            && tail.iter().all(|&t| !finite_verb_like(&low(t))))
        || (matches!(lower(doc.token_text(verb)).as_ref(), "told" | "tells") && tail.len() <= 5)
}

/// Whether the reporting verb at `toks[k]` follows a named person or organisation and an
/// apposition between commas ("Farmer Ghulam Rasool, 54, said", "Its director, Jane Smith, said").
fn named_subject_with_apposition(doc: &Doc, resolver: &Resolver, toks: &[usize], k: usize) -> bool {
    // The two comma-separated segments before the comma at k - 1, each of at most eight words.
    let Some(j) = (0..k - 1).rev().find(|&j| doc.token_text(toks[j]) == ",") else {
        return false;
    };
    let i = (0..j)
        .rev()
        .find(|&i| doc.token_text(toks[i]) == ",")
        .map_or(0, |i| i + 1);
    let names = |a: usize, b: usize| {
        b > a
            && b - a <= 8
            && resolver
                .noun_phrase(doc, toks[a], toks[b - 1] + 1)
                .is_some_and(|s| {
                    s.entity.is_some()
                        && matches!(s.label.as_str(), "PER" | "ORG")
                        && s.mention
                            .is_some_and(|m| m.end == doc.tokens[toks[b - 1]].span.end)
                })
    };
    k - 1 - j <= 9 && (names(i, j) || names(j + 1, k - 1))
}

/// The attribution that closes a sentence (`toks`, its last word at token `end`): "…, sources
/// said.", "…, Sonia Khush, director of X, said Friday.", "…, said a spokesman.": content, cue and
/// speaker. The content is everything before the comma that opens the attribution.
fn closing_attribution(
    doc: &Doc,
    resolver: &Resolver,
    toks: &[usize],
    end: usize,
) -> Option<(Span, Span, Speaker)> {
    const OPENERS: &[&str] = &[
        "which", "who", "whom", "whose", "that", "and", "but", "or", "because", "when", "while", "if",
        "where", "although", "though", "after", "before", "since", "until", "so", "as", "than",
    ];
    let low = |t: usize| lower(doc.token_text(t));
    let last = toks.iter().position(|&t| t == end)?;
    // The last reporting verb, with only a closing tail after it.
    let k = (0..=last).rev().find(|&k| reporting_verb(&low(toks[k])))?;
    let t = toks[k];
    if k < 4 || !reports_words(doc, toks, k) {
        return None;
    }
    let content_before = |comma: usize| -> Option<Span> {
        let mut e = comma.checked_sub(1)?;
        while e > 0 && matches!(doc.token_text(toks[e]), "\"" | "”" | "''") {
            e -= 1;
        }
        (e >= 2).then(|| Span::new(doc.tokens[toks[0]].span.start, doc.tokens[toks[e]].span.end))
    };
    let opener = |x: usize| OPENERS.contains(&low(x).as_ref());
    // "…, said a spokesman." — the verb right after the comma, the speaker after it (anything
    // after the speaker's name is an apposition or a closing tail).
    if doc.token_text(toks[k - 1]) == "," {
        let mut speaker = resolver.noun_phrase_after(doc, t + 1, end + 1)?;
        // "Farmer Ghulam Rasool, 54, said the water rose.": a named subject with an apposition
        // before the verb makes the words after it the report, not a description of its speaker.
        // So does a verb after the words taken for the speaker ("…, Léo Cans, said staff were
        // exhausted.").
        let verb_follows = toks[k + 1..]
            .iter()
            .take_while(|&&x| !matches!(doc.token_text(x), "," | "who" | "which" | "that"))
            .any(|&x| finite_verb_like(&low(x)));
        if speaker.entity.is_none()
            && speaker.label != "PRON"
            && (clause_opener(&low(t + 1))
                || doc.token_text(t + 1).starts_with(char::is_uppercase)
                || verb_follows)
            && named_subject_with_apposition(doc, resolver, toks, k)
        {
            return None;
        }
        let named_end = speaker.mention?.end;
        let after = toks.iter().position(|&x| doc.tokens[x].span.start >= named_end);
        // Past the name, only an apposition or a relative clause ("…, said Smith, a spokesman."),
        // not the rest of the sentence ("…, said Mauer, are required to …").
        let closes = match after {
            None => true,
            Some(a) if a > last => true,
            Some(a) => {
                let apposition = opens_apposition(doc, toks, a);
                // The apposition closing the sentence is part of the speaker's mention.
                if apposition && resolver.whole_phrases() {
                    speaker.mention = speaker.mention.map(|m| with_closing_apposition(doc, m, toks));
                }
                apposition || closing_tail(doc, t, &toks[a..=last])
            }
        };
        return if closes {
            Some((content_before(k - 1)?, doc.tokens[t].span, speaker))
        } else {
            None
        };
    }
    // Words that are nouns as often as verbs ("police reports", "the state's claims") close no
    // sentence as a cue.
    if noun_or_verb(&low(t)) {
        return None;
    }
    if !closing_tail(doc, t, &toks[k + 1..=last]) {
        return None;
    }
    // "…, the source added." — the subject between the last clause's comma and the verb.
    let speaker = resolver.noun_phrase_before(doc, toks[0], t)?;
    let mention = speaker.mention?;
    // Not a noun and the clause that describes it ("…, a claim the group denies."): a second
    // determiner after the first word, no preposition or possessive before it.
    let words: Vec<usize> = toks[..k]
        .iter()
        .copied()
        .filter(|&x| doc.tokens[x].span.start >= mention.start)
        .collect();
    let second_phrase = words.iter().enumerate().skip(1).any(|(i, &x)| {
        matches!(
            low(x).as_ref(),
            "the" | "a" | "an" | "his" | "her" | "its" | "their"
        ) && !preposition(&low(words[i - 1]))
            && !matches!(doc.token_text(words[i - 1]), "'s" | "’s" | "and" | "or")
    });
    if second_phrase && speaker.entity.is_none() {
        return None;
    }
    let words = doc.slice(mention).split_whitespace().count();
    if speaker.entity.is_none() && speaker.label != "PRON" && words > 6 {
        return None;
    }
    let m = toks
        .iter()
        .position(|&x| doc.tokens[x].span.start >= mention.start)?;
    if m < 4 || m >= k || doc.token_text(toks[m - 1]) != "," || opener(toks[m]) {
        return None;
    }
    // Only appositions, between commas, and auxiliaries lie between the subject and the verb.
    let between = &toks[m..k];
    if between.len() > 14 {
        return None;
    }
    Some((content_before(m - 1)?, doc.tokens[t].span, speaker))
}

/// The subject of a verb right after the comma `toks[close]` that closes a name between commas
/// ("…, OCHA, said", "…, the UN's humanitarian office, OCHA, said"): the comma before the subject
/// and the subject, its mention over the description.
fn appositive_subject(
    doc: &Doc,
    resolver: &Resolver,
    toks: &[usize],
    close: usize,
) -> Option<(usize, Speaker)> {
    let is_comma = |i: usize| doc.token_text(toks[i]) == ",";
    let p = (close.saturating_sub(6)..close).rev().find(|&i| is_comma(i))?;
    let mut named = resolver.noun_phrase(doc, toks[p + 1], toks[close])?;
    named.entity?;
    let mention = named.mention?;
    let mut start = p;
    let described = |phrase: &[usize]| {
        phrase.len() >= 2
            && clause_opener(&lower(doc.token_text(phrase[0])))
            && phrase.iter().all(|&x| {
                doc.tokens[x].kind == TokenKind::Word && !finite_verb_like(&lower(doc.token_text(x)))
            })
    };
    if let Some(q) = (p.saturating_sub(8)..p).rev().find(|&i| is_comma(i)) {
        if described(&toks[q + 1..p]) {
            start = q;
            named.mention = Some(Span::new(doc.tokens[toks[q + 1]].span.start, mention.end));
        }
    }
    Some((start, named))
}

/// Where a mixed quote starts when a cue before a quotation is followed by words of the reported
/// clause before the opening mark at `open` ("says Trump's “…”", "said that the court's decision
/// “will …”"): the first of those words, "that" skipped. `None` when the quotation follows the
/// cue directly or after a comma or colon, or when more than 12 words lie between.
fn mixed_start(doc: &Doc, cue: Span, open: usize) -> Option<usize> {
    if cue.end > open {
        return None;
    }
    let first = doc.token_at_or_after(cue.end);
    let mark = doc.token_at_or_after(open);
    let mut a = first;
    // "said, by creating a “…”": the comma after the cue is no part of the quote.
    if a < mark && doc.token_text(a) == "," {
        a += 1;
    }
    if a < mark && lower(doc.token_text(a)) == "that" {
        a += 1;
    }
    let words = &doc.tokens[a.min(mark)..mark];
    let before_mark = mark.checked_sub(1).map(|t| doc.token_text(t));
    let clause = !words.is_empty()
        && words.len() <= 12
        && words.iter().all(|t| t.kind != TokenKind::Quote)
        && before_mark.is_some_and(|w| w.chars().any(char::is_alphanumeric));
    clause.then(|| doc.tokens[a].span.start)
}

/// A word in lower case, borrowed when it already is.
fn lower(w: &str) -> std::borrow::Cow<'_, str> {
    if w.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(w.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(w)
    }
}

/// The tokens after a quote's closing mark in its paragraph, at most 64.
fn tokens_after(doc: &Doc, seg: &Marked, para: Span) -> Vec<usize> {
    // Enough for a cue, a name and its apposition; not the rest of a book-long paragraph.
    (doc.token_at_or_after(seg.close_end)..doc.tokens.len())
        .take_while(|&t| doc.tokens[t].span.end <= para.end)
        .take(64)
        .collect()
}

/// A reported clause ends before the writer's noun that sums it up ("says Hamas uses
/// hospitals as command centres[, a claim the group denies]").
fn end_before_summary(doc: &Doc, quotes: &mut [Quote]) {
    const SUMMARIES: &[&str] = &[
        "claim",
        "allegation",
        "accusation",
        "charge",
        "assertion",
        "assessment",
        "view",
        "figure",
        "estimate",
    ];
    for q in quotes.iter_mut().filter(|q| q.kind == QuoteKind::Indirect) {
        let text = doc.slice(q.content);
        let cut = [", a ", ", an "].iter().find_map(|det| {
            text.match_indices(det).find_map(|(i, _)| {
                let noun = text[i + det.len()..].split(|c: char| !c.is_alphabetic()).next()?;
                SUMMARIES.contains(&noun).then_some(i)
            })
        });
        if let Some(i) = cut.filter(|&i| i > 0) {
            q.content = Span::new(q.content.start, q.content.start + i);
        }
    }
}

/// A reported clause that ends its sentence on a noun phrase set off by a comma ("backed Ted
/// Cruz[, the newly anointed choice of many party insiders].") ends before it, as PolNeAR ends
/// 176 of 242 such contents of train; a list's last items stay.
fn end_before_apposition(doc: &Doc, quotes: &mut [Quote]) {
    let text = doc.text();
    for q in quotes.iter_mut().filter(|q| q.kind == QuoteKind::Indirect) {
        let content = doc.slice(q.content);
        if !text[q.content.end..].trim_start().starts_with('.') {
            continue;
        }
        let Some(i) = [", the ", ", a ", ", an "]
            .iter()
            .filter_map(|det| content.rfind(det))
            .max()
        else {
            continue;
        };
        let tail = &content[i + 2..];
        if tail.contains(',') || i == 0 {
            continue;
        }
        let before = &content[..i];
        // A list's last items ("abortion, guns, the minimum wage and health care").
        let previous = before.rsplit(", ").next().unwrap_or(before);
        if before.contains(", ") && previous.split_whitespace().count() <= 4 {
            continue;
        }
        q.content = Span::new(q.content.start, q.content.start + i);
    }
}

/// Words ending in "-ing" that describe a person's post, not an action ("acting director").
const POST_ING: &[&str] = &[
    "acting",
    "managing",
    "leading",
    "ranking",
    "founding",
    "outgoing",
    "incoming",
    "presiding",
    "governing",
    "visiting",
    "reigning",
    "sitting",
    "ruling",
    "working",
    "including",
    "according",
    "opposing",
    "competing",
    "longstanding",
    "building",
    "something",
    "nothing",
    "anything",
    "everything",
    "morning",
    "evening",
    "spring",
    "thing",
];

/// A speaker's mention ends before a participle's phrase set off by a comma ("Caddell[, speaking
/// of Clinton's health]", "President Obama[, dedicating the museum on Saturday,]"): PolNeAR leaves
/// 111 such phrases of train out of the source and puts 3 in.
fn end_before_participle(doc: &Doc, quotes: &mut [Quote]) {
    for q in quotes.iter_mut() {
        let Some(mention) = q.speaker.as_ref().and_then(|s| s.mention) else {
            continue;
        };
        let toks = doc.tokens_in(mention);
        let cut = (toks.start + 1..toks.end.saturating_sub(1)).find(|&t| {
            let w = doc.token_text(t + 1);
            doc.token_text(t) == ","
                && w.len() > 4
                && w.ends_with("ing")
                && w.starts_with(char::is_lowercase)
                && !POST_ING.contains(&w)
        });
        if let (Some(t), Some(speaker)) = (cut, q.speaker.as_mut()) {
            speaker.mention = Some(Span::new(mention.start, doc.tokens[t - 1].span.end));
        }
    }
}

/// A headline that names a person before a colon ("Pence: Gennifer Flowers Won't Be at Debate"):
/// the person is the speaker, the colon the cue and the rest what they said.
fn headline_quote(doc: &Doc, entities: &[Entity], resolver: &Resolver) -> Option<Quote> {
    let para = doc.paragraphs.first()?.span;
    let headline = doc.slice(para);
    if headline.contains('\n') {
        return None;
    }
    let colon = headline.find(": ")?;
    let (name_end, cue) = (
        para.start + colon,
        Span::new(para.start + colon, para.start + colon + 1),
    );
    // The person is tagged there, or named in the article ("Sanders" for "Bernie Sanders"):
    // title-case headlines mislead the tagger.
    let name = &headline[..colon];
    let capitalised = name.split(' ').all(|w| w.starts_with(char::is_uppercase));
    let person = entities.iter().filter(|e| e.label == EntityLabel::Per).any(|e| {
        let text = doc.slice(e.span);
        (e.span.start == para.start && e.span.end == name_end)
            || (capitalised && (text == name || text.strip_suffix(name).is_some_and(|t| t.ends_with(' '))))
    });
    // Or people described by what they are, before a quotation ("Doctors in Gaza: 'We are
    // choosing who lives'"; not "Floods in Pakistan: '…'").
    let head = name
        .split(' ')
        .take_while(|w| !matches!(*w, "in" | "of" | "from" | "at" | "on"))
        .last()
        .unwrap_or_default();
    let described = crate::ner::person_noun(head);
    let mut content = Span::new(cue.end + 1, para.end);
    if doc.slice(content).ends_with('.') {
        content.end -= 1;
    }
    let text = doc.slice(content);
    let quoted = |c: Option<char>| c.is_some_and(|c| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\''));
    let quotation = quoted(text.chars().next()) && quoted(text.chars().next_back());
    if !(person || (described && quotation)) || text.split_whitespace().count() < 3 {
        return None;
    }
    // A direct quote's words without their marks, as elsewhere.
    if quotation && text.chars().count() > 2 {
        let open = text.chars().next().map_or(0, char::len_utf8);
        let close = text.chars().next_back().map_or(0, char::len_utf8);
        content = Span::new(content.start + open, content.end - close);
    }
    let (a, b) = (doc.token_at_or_after(para.start), doc.token_at_or_after(name_end));
    let speaker = resolver.noun_phrase(doc, a, b)?;
    let kind = if quotation {
        QuoteKind::Direct
    } else if text.contains(['"', '“', '‘']) {
        QuoteKind::Mixed
    } else {
        QuoteKind::Indirect
    };
    Some(Quote {
        kind,
        content,
        cue: Some(cue),
        speaker: Some(speaker),
    })
}

/// A headline quotation after a colon ("Floods in Pakistan: “We lost everything in one night”")
/// or with no speaker, whose words the article quotes again, takes the speaker of that quote,
/// unless a person or an organisation is named before the colon: the phrase there names the story
/// as often as the speaker.
fn headline_speakers_from_body(doc: &Doc, entities: &[Entity], quotes: &mut [Quote]) {
    let Some(headline) = doc.paragraphs.first().map(|p| p.span) else {
        return;
    };
    let words = |span: Span| -> Vec<String> {
        doc.slice(span)
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().replace('’', "'"))
            .collect()
    };
    for i in 0..quotes.len() {
        let q = &quotes[i];
        // A person or organisation named before the colon keeps the words.
        let named = q
            .speaker
            .as_ref()
            .is_some_and(|s| s.entity.is_some() && matches!(s.label.as_str(), "PER" | "ORG"));
        let colon_or_none = q.speaker.is_none() || q.cue.is_some_and(|c| doc.slice(c) == ":");
        if named || !headline.contains(q.content) || !colon_or_none {
            continue;
        }
        let said = words(q.content);
        if said.len() < 4 {
            continue;
        }
        let repeated = quotes.iter().find(|b| {
            b.content.start >= headline.end
                && b.speaker
                    .as_ref()
                    .is_some_and(|s| matches!(s.label.as_str(), "PER" | "ORG"))
                && words(b.content).windows(said.len()).any(|w| w == said.as_slice())
        });
        if let Some(speaker) = repeated.and_then(|b| b.speaker.clone()) {
            // The speaker's name before the colon is the mention ("Issa" for Darrell Issa, "A
            // lesson from [Loretta Lynch]").
            let surname = speaker.name.split_whitespace().last().unwrap_or_default();
            let phrase = quotes[i].speaker.as_ref().and_then(|s| s.mention);
            let named_there = phrase.and_then(|p| {
                entities
                    .iter()
                    .find(|e| {
                        p.contains(e.span) && doc.slice(e.span).split_whitespace().last() == Some(surname)
                    })
                    .map(|e| e.span)
                    .or((doc.slice(p).split_whitespace().last() == Some(surname)).then_some(p))
            });
            quotes[i].speaker = Some(Speaker {
                mention: named_there.or(speaker.mention),
                ..speaker
            });
        }
    }
}

/// Quotes closed by a dash byline ([`dash_byline`]), speakers not yet resolved.
fn dash_byline_quotes(doc: &Doc, resolver: &Resolver) -> Vec<Quote> {
    let mut out = Vec::new();
    for para in &doc.paragraphs {
        for seg in marked_segments(doc.text(), para.span) {
            if let Some((cue, speaker)) =
                dash_byline(doc, resolver, &tokens_after(doc, &seg, para.span), para.span)
            {
                out.push(Quote {
                    kind: QuoteKind::Direct,
                    content: seg.content,
                    cue: Some(cue),
                    speaker: Some(speaker),
                });
            }
        }
    }
    out
}

/// A paragraph that is only a speaker, a speech verb and a colon ("Limbaugh added:") quotes the
/// unmarked paragraph after it, as web articles set a quotation in a block of its own.
fn block_quotes(doc: &Doc, resolver: &Resolver) -> Vec<Quote> {
    let text = doc.text();
    let verbs = speech_verbs();
    let mut out = Vec::new();
    for (intro, block) in doc.paragraphs.iter().zip(doc.paragraphs.iter().skip(1)) {
        let toks = doc.tokens_in(intro.span);
        if toks.len() < 3 || toks.len() > 24 || doc.token_text(toks.end - 1) != ":" {
            continue;
        }
        let verb = toks.end - 2;
        if !verbs.contains(lower(doc.token_text(verb)).as_ref()) {
            continue;
        }
        // The block: unmarked words (not a quotation, a tweet's markup or a list).
        let raw = &text[block.span.start..block.span.end];
        let words = raw.trim();
        if !words.starts_with(char::is_alphanumeric) || words.split_whitespace().count() < 4 {
            continue;
        }
        let first = doc
            .sentence_at(doc.tokens[verb].span.start)
            .map_or(toks.start, |s| doc.sentences[s].tokens.start);
        let Some(speaker) = resolver.noun_phrase_before(doc, first, verb) else {
            continue;
        };
        let start = block.span.start + raw.len() - raw.trim_start().len();
        out.push(Quote {
            kind: QuoteKind::Direct,
            content: Span::new(start, start + words.len()),
            cue: Some(Span::new(
                doc.tokens[verb].span.start,
                doc.tokens[verb + 1].span.end,
            )),
            speaker: Some(speaker),
        });
    }
    out
}

/// A dash and a name that close the paragraph after a quote ("“…” ― Sonya Herridge", as under
/// readers' voices, pull quotes and epigraphs): the dash is the cue and the name the speaker.
fn dash_byline(doc: &Doc, resolver: &Resolver, after: &[usize], para: Span) -> Option<(Span, Speaker)> {
    let (&dash, rest) = after.split_first()?;
    // A hyphen only set off by spaces ("“…” - Matthew Ingram").
    let span = doc.tokens[dash].span;
    let spaced = doc.text()[..span.start].ends_with(' ') && doc.text()[span.end..].starts_with(' ');
    let is_dash = match doc.token_text(dash) {
        "―" | "—" | "–" | "--" => true,
        "-" => spaced,
        _ => false,
    };
    if !is_dash {
        return None;
    }
    let rest = match rest.split_last() {
        Some((&last, init)) if doc.token_text(last) == "." => init,
        _ => rest,
    };
    let (&first, &last) = (rest.first()?, rest.last()?);
    let closes_paragraph = doc.text()[doc.tokens[after[after.len() - 1]].span.end..para.end]
        .trim()
        .is_empty();
    if !closes_paragraph || rest.len() > 8 || !doc.token_text(first).starts_with(char::is_uppercase) {
        return None;
    }
    let speaker = resolver.noun_phrase_after(doc, first, last + 1)?;
    Some((doc.tokens[dash].span, speaker))
}

/// A transcript turn opening a paragraph (after an optional quote mark): a label of one to three
/// upper-case words, a colon, then what was said, to the paragraph's end ("WALLACE: Let's start…",
/// "KATE BOULDUAN: …"). Spans of the label, the colon and the content.
fn transcript_turn(doc: &Doc, para: Span) -> Option<(Span, Span, Span)> {
    let full = &doc.text()[para.start..para.end];
    let mark = full.chars().next().filter(|c| matches!(c, '"' | '“'));
    let start = para.start + mark.map_or(0, char::len_utf8);
    let mut end = para.end;
    if mark.is_some() {
        // The closing mark of a turn that opened with one is no part of what was said.
        end -= full
            .chars()
            .next_back()
            .filter(|c| matches!(c, '"' | '”'))
            .map_or(0, char::len_utf8);
    }
    let text = &doc.text()[start..end.max(start)];
    let colon = text.find(": ")?;
    let upper_word = |w: &str| {
        w.chars().filter(|c| c.is_uppercase()).count() >= 2
            && w.chars()
                .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\'' | '’'))
    };
    let words: Vec<&str> = text[..colon].split(' ').collect();
    if words.len() > 3 || !words.iter().all(|w| upper_word(w)) {
        return None;
    }
    let rest = &text[colon + 1..];
    let lead = rest.len() - rest.trim_start().len();
    let content = Span::new(start + colon + 1 + lead, end);
    (!content.is_empty()).then(|| {
        (
            Span::new(start, start + colon),
            Span::new(start + colon, start + colon + 1),
            content,
        )
    })
}

/// Labels of editors' notes and page furniture, never a speaker.
const NOTE_LABELS: &[&str] = &[
    "UPDATE",
    "UPDATED",
    "CORRECTION",
    "CLARIFICATION",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "NOTE",
    "BREAKING",
    "WATCH",
    "VIDEO",
    "PHOTOS",
    "READ MORE",
    "RELATED",
    "SOURCE",
    "SOURCES",
    "EMAIL",
    "BYLINE",
    "DATELINE",
];

/// The transcript turns of a document as quotes: a label names a person of the document
/// ("PENCE" for Mike Pence), or, in a document with turns of two or more labels, opens two or more
/// turns ("WALLACE:" each time the host speaks; a one-off "CLARIFICATION:" is no speaker).
/// Indexed by paragraph.
fn transcript_turns(doc: &Doc, resolver: &Resolver) -> Vec<Option<Quote>> {
    let turns: Vec<Option<(Span, Span, Span)>> = doc
        .paragraphs
        .iter()
        .map(|p| transcript_turn(doc, p.span).filter(|t| !NOTE_LABELS.contains(&doc.slice(t.0))))
        .collect();
    // Each distinct label is counted and looked up once, however long the transcript.
    let mut labels: HashMap<&str, (usize, Option<Speaker>)> = HashMap::new();
    for &(label, _, _) in turns.iter().flatten() {
        labels
            .entry(doc.slice(label))
            .or_insert_with(|| (0, resolver.person_labelled(doc, label)))
            .0 += 1;
    }
    let dialogue = labels.len() >= 2;
    turns
        .iter()
        .map(|turn| {
            let &(label, cue, content) = turn.as_ref()?;
            let (count, person) = &labels[doc.slice(label)];
            let speaker = match person {
                Some(p) => Speaker {
                    mention: Some(label),
                    ..p.clone()
                },
                None if dialogue && *count >= 2 => Speaker {
                    name: title_case(doc.slice(label)),
                    label: EntityLabel::Per.as_str().to_string(),
                    entity: None,
                    mention: Some(label),
                },
                None => return None,
            };
            Some(Quote {
                kind: QuoteKind::Direct,
                content,
                cue: Some(cue),
                speaker: Some(speaker),
            })
        })
        .collect()
}

/// "KATE BOULDUAN" → "Kate Boulduan".
fn title_case(label: &str) -> String {
    label
        .split(' ')
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map_or(String::new(), |c| c.to_string() + &cs.as_str().to_lowercase())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A participle that opens a sentence ("Citing an unfounded theory, Trump accused …", "After
/// thanking the crowd, he …") has the speaker of the sentence's next attribution, the subject it
/// leads up to.
fn fronted_participle_speakers(doc: &Doc, quotes: &mut [Quote]) {
    for k in 0..quotes.len() {
        let q = &quotes[k];
        let Some(cue) = q.cue.filter(|_| q.speaker.is_none()) else {
            continue;
        };
        let Some(s) = doc.sentence_at(cue.start) else {
            continue;
        };
        let first = doc.sentences[s].tokens.start;
        let t = doc.token_at_or_after(cue.start);
        let word = doc.token_text(t);
        // "Citing …", "After thanking the crowd, …", "Despite challenging …, Cruz said".
        let opens = t == first
            || (t > first
                && matches!(
                    lower(doc.token_text(t - 1)).as_ref(),
                    "after"
                        | "before"
                        | "by"
                        | "despite"
                        | "in"
                        | "while"
                        | "since"
                        | "of"
                        | "besides"
                        | "to"
                        | "upon"
                        | "when"
                        | "without"
                        | "through"
                )
                && (first..t - 1).all(|u| !matches!(doc.token_text(u), "," | ";" | ":")));
        if !opens || !word.to_lowercase().ends_with("ing") {
            continue;
        }
        let end = doc.sentences[s].span.end;
        let next = quotes.iter().find(|o| {
            o.cue.is_some_and(|c| c.start >= q.content.end && c.end <= end)
                && o.speaker
                    .as_ref()
                    .is_some_and(|sp| sp.mention.is_some_and(|m| m.start >= q.content.end))
        });
        if let Some(speaker) = next.and_then(|o| o.speaker.clone()) {
            quotes[k].speaker = Some(speaker);
        }
    }
}

/// A quote that opens the sentence after a cued quote's ("“…,” he said, referring to X. “…”")
/// continues that quote (PolNeAR joins 57 of 69 such quotes of train to the first quote's
/// attribution); a cue between the two keeps what follows it up to the sentence's end.
fn sandwiched_quotes(doc: &Doc, quotes: &mut Vec<Quote>) {
    let text = doc.text();
    // The words from `from` up to the sentence end before `to`, without the full stop.
    let clause = |from: usize, to: usize| {
        let (a, b) = trim(text, from, to);
        let b = a + text[a..b].trim_end_matches(['.', '!', '?']).trim_end().len();
        let a = if text[a..b].starts_with("that ") { a + 5 } else { a };
        Span::new(a, b.max(a))
    };
    let mut added = Vec::new();
    let mut widened: Vec<(Span, Span)> = Vec::new();
    for para in &doc.paragraphs {
        let segments: Vec<Marked> = marked_segments(text, para.span)
            .into_iter()
            .filter(|m| !m.unclosed)
            .collect();
        for pair in segments.windows(2) {
            let (first, second) = (pair[0], pair[1]);
            let gap = Span::new(first.close_end, second.open);
            if !text[..second.open].trim_end().ends_with(['.', '!', '?']) {
                continue;
            }
            // The first quote's attribution, its cue between the two quotes.
            let Some(lead) = quotes.iter().find(|q| {
                q.content.overlap(first.content) > 0
                    && q.speaker.is_some()
                    && q.cue.is_some_and(|c| gap.contains(c))
            }) else {
                continue;
            };
            let (cue, speaker) = (lead.cue, lead.speaker.clone());
            let continued = Quote {
                kind: QuoteKind::Direct,
                content: second.content,
                cue,
                speaker: speaker.clone(),
            };
            // Cues that already have a content of their own outside the second quote.
            let answered: Vec<Span> = quotes
                .iter()
                .filter(|q| q.content.overlap(second.content) == 0)
                .filter_map(|q| q.cue)
                .collect();
            for q in quotes.iter_mut() {
                if q.content.overlap(second.content) == 0 || q.cue == cue {
                    continue;
                }
                match q.cue {
                    // The same cue read wider ("said" and "said in a statement"): the wider one
                    // serves both quotes.
                    Some(c) if cue.is_some_and(|l| l.overlap(c) > 0) => {
                        q.speaker = speaker.clone();
                        if let Some(l) = cue.filter(|l| l.len() < c.len()) {
                            widened.push((l, c));
                        } else {
                            q.cue = cue;
                        }
                    }
                    None if q.content.start >= second.open => {
                        q.cue = cue;
                        q.speaker = speaker.clone();
                    }
                    Some(c)
                        if gap.contains(c)
                            && q.content.start >= first.close_end
                            && !text[c.start..c.end].eq_ignore_ascii_case("according to") =>
                    {
                        q.content = if q.content.start < second.open {
                            clause(q.content.start, second.open)
                        } else if answered.contains(&c) {
                            Span::new(c.end, c.end)
                        } else {
                            clause(c.end, second.open)
                        };
                        q.kind = QuoteKind::Indirect;
                        added.push(continued.clone());
                    }
                    _ => {}
                }
            }
        }
    }
    for q in quotes.iter_mut() {
        if let Some(&(_, wide)) = widened.iter().find(|(narrow, _)| q.cue == Some(*narrow)) {
            q.cue = Some(wide);
        }
    }
    if !added.is_empty() {
        quotes.extend(added);
        quotes.retain(|q| !q.content.is_empty());
        quotes.sort_by_key(|q| (q.content.start, q.content.end, q.cue.map(|c| c.start)));
        quotes.dedup_by(|a, b| a.content == b.content && a.cue == b.cue);
    }
}

/// A quote-mark segment of a paragraph.
#[derive(Clone, Copy, Debug)]
struct Marked {
    /// The opening mark.
    open: usize,
    /// Content between the marks.
    content: Span,
    /// End of the closing mark (or of the paragraph when unclosed).
    close_end: usize,
    /// Whether no closing mark ends it (it runs to the end of the paragraph).
    unclosed: bool,
}

/// Find quote-mark segments in one paragraph (byte offsets into the document).
fn marked_segments(text: &str, para: Span) -> Vec<Marked> {
    let s = &text[para.start..para.end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    // (byte offset in s, mark, mark length): a doubled ASCII mark ('' or ``) reads as one '"'.
    let mut open: Option<(usize, char, usize)> = None;
    let mut k = 0;
    while k < chars.len() {
        let (i, raw) = chars[k];
        let doubled = matches!(raw, '\'' | '`') && chars.get(k + 1).is_some_and(|&(_, d)| d == raw);
        let (c, len) = if doubled { ('"', 2) } else { (raw, raw.len_utf8()) };
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let after = k + if doubled { 2 } else { 1 };
        let next = chars.get(after).map(|&(_, c)| c);
        k = after;
        // Looked at only for the marks whose role depends on them (most characters are none).
        let at_word_start =
            || prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | ':'));
        let at_word_end = || {
            next.is_none_or(|n| {
                n.is_whitespace()
                    || matches!(
                        n,
                        ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-'
                    )
            })
        };
        match (open, c) {
            (None, '“') | (None, '«') => open = Some((i, c, len)),
            // A closing mark where none is open, glued to a word, was typed for an opening one.
            (None, '”') if at_word_start() && next.is_some_and(char::is_alphanumeric) => {
                open = Some((i, '“', len))
            }
            (None, '"') if at_word_start() || next.is_some_and(char::is_alphanumeric) => {
                open = Some((i, c, len))
            }
            (None, '‘') | (None, '\'') if at_word_start() && next.is_some_and(char::is_alphanumeric) => {
                open = Some((i, c, len))
            }
            (Some((o, '“' | '"' | '«', ml)), '”' | '"' | '»') => {
                push_segment(&mut out, para, s, (o, o + ml), (i, i + len));
                open = None;
            }
            (Some((o, m, ml)), '’' | '\'')
                if matches!(m, '‘' | '\'') && at_word_end() && !next.is_some_and(char::is_alphanumeric) =>
            {
                push_segment(&mut out, para, s, (o, o + ml), (i, i + len));
                open = None;
            }
            // A new double opening mark inside an open single quote: the single one was an apostrophe.
            (Some((_, '‘' | '\'', _)), '“') => open = Some((i, c, len)),
            _ => {}
        }
    }
    // Unclosed double quotes run to the end of the paragraph (news style).
    if let Some((o, m, ml)) = open {
        if matches!(m, '“' | '"' | '«') {
            let content = trim(s, o + ml, s.len());
            if content.1 > content.0 {
                out.push(Marked {
                    open: para.start + o,
                    content: Span::new(para.start + content.0, para.start + content.1),
                    close_end: para.end,
                    unclosed: true,
                });
            }
        }
    }
    out
}

/// The words of a paragraph up to a closing mark that no opening mark precedes: the rest of a
/// quote left open at the end of the paragraph before ("…said, "I think we learned a lot. ¶ It was
/// a very emotional day."").
fn continued_segment(text: &str, para: Span) -> Option<Marked> {
    let s = &text[para.start..para.end];
    if s.starts_with(['"', '“', '«', '\'', '‘', '`']) {
        return None;
    }
    let (i, c) = s
        .char_indices()
        .find(|&(_, c)| matches!(c, '"' | '“' | '”' | '«' | '»'))?;
    let before = s[..i].chars().next_back();
    let closing = match c {
        '”' | '»' => true,
        '"' => before.is_some_and(|b| !b.is_whitespace()),
        _ => false,
    };
    if !closing {
        return None;
    }
    let (a, b) = trim(s, 0, i);
    (b > a).then(|| Marked {
        open: para.start,
        content: Span::new(para.start + a, para.start + b),
        close_end: para.start + i + c.len_utf8(),
        unclosed: false,
    })
}

/// A short paragraph that names a person or organisation and closes a quote left open in the
/// paragraph before ("Dean Baker, Center for Economic and Policy Research.”"): the quote's
/// speaker, the whole line its mention.
fn closing_byline(doc: &Doc, resolver: &Resolver, line: Span) -> Option<Speaker> {
    let toks = doc.tokens_in(line);
    if toks.is_empty() || toks.len() > 14 {
        return None;
    }
    let mut first_comma = toks
        .clone()
        .find(|&t| doc.token_text(t) == ",")
        .unwrap_or(toks.end);
    while first_comma > toks.start + 1 && matches!(doc.token_text(first_comma - 1), "." | "!" | "?") {
        first_comma -= 1;
    }
    let mut speaker = resolver
        .noun_phrase(doc, toks.start, first_comma)
        .filter(|s| s.entity.is_some())?;
    // The name must end its chunk ("Former NAACP president Ben Jealous"), not open a sentence.
    let named = speaker.mention?;
    if named.end < doc.tokens[first_comma.saturating_sub(1).max(toks.start)].span.end {
        return None;
    }
    let mut last = toks.end.checked_sub(1)?;
    while last > toks.start && matches!(doc.token_text(last), "." | ",") {
        last -= 1;
    }
    speaker.mention = Some(Span::new(
        doc.tokens[toks.start].span.start,
        doc.tokens[last].span.end,
    ));
    Some(speaker)
}

/// A segment between an opening and a closing mark, each given as (start, end) in the paragraph.
fn push_segment(out: &mut Vec<Marked>, para: Span, s: &str, open: (usize, usize), close: (usize, usize)) {
    let (a, b) = trim(s, open.1, close.0);
    if b > a {
        out.push(Marked {
            open: para.start + open.0,
            content: Span::new(para.start + a, para.start + b),
            close_end: para.start + close.1,
            unclosed: false,
        });
    }
}

fn trim(s: &str, a: usize, b: usize) -> (usize, usize) {
    let t = &s[a..b];
    let lead = t.len() - t.trim_start().len();
    let t2 = t.trim();
    (a + lead, a + lead + t2.len())
}

/// The quotes stage: rules for quote marks, and the learned attribution tagger when loaded.
#[derive(Debug, Default)]
pub struct Quotes {
    tagger: Option<AttributionModel>,
    scope: Scope,
}

impl Quotes {
    /// The stage with an attribution tagger, or with rules only (`None`).
    pub fn new(tagger: Option<AttributionModel>, scope: Scope) -> Quotes {
        Quotes { tagger, scope }
    }

    /// Find the quotes of a document, using its entities to name speakers.
    pub fn find(&self, doc: &Doc, entities: &[Entity]) -> Vec<Quote> {
        let resolver = Resolver::new(doc, entities);
        let mut quotes = match &self.tagger {
            None => self.rules(doc, &resolver),
            // Speech keeps the rules' quotes and adds few tagged ones: the first pass alone does
            // as well there as both (PolNeAR dev and eval/gold, eval/README.md), in less time.
            Some(tagger) => match self.scope {
                Scope::All => {
                    // Transcript turns replace whatever the tagger found in their paragraphs.
                    let turns: Vec<(Span, Quote)> = transcript_turns(doc, &resolver)
                        .into_iter()
                        .zip(&doc.paragraphs)
                        .filter_map(|(q, p)| Some((p.span, q?)))
                        .collect();
                    // The tagger reads the rules' speakers as it was trained to: names, not whole
                    // phrases (its own sources are whole phrases, as PolNeAR writes them).
                    let rules = self.rules(doc, &resolver.names_only());
                    let mut found = tagger.attributions(doc, entities, &rules, true);
                    colon_contents(doc, &mut found);
                    parenthetical_contents(doc, &mut found);
                    passive_subjects(doc, &mut found);
                    contents_from_rules(doc, &rules, &mut found);
                    let mut quotes = tagged_quotes(doc, &resolver, &found);
                    according_to_wins(&mut quotes, &rules);
                    quotes.retain(|q| !turns.iter().any(|(p, _)| p.overlap(q.content) > 0));
                    quotes.extend(turns.into_iter().map(|(_, q)| q));
                    // So do quotes closed by a dash byline.
                    let bylines = dash_byline_quotes(doc, &resolver);
                    quotes.retain(|q| !bylines.iter().any(|b| b.content.overlap(q.content) > 0));
                    quotes.extend(bylines);
                    quotes
                }
                Scope::Speech => {
                    let rules = self.rules(doc, &resolver);
                    let mut found = tagger.attributions(doc, entities, &rules, false);
                    // A passive's subject is what was said of it, not who said it.
                    passive_subjects(doc, &mut found);
                    let tagged = tagged_quotes(doc, &resolver, &found);
                    combine_speech(doc, rules, tagged)
                }
            },
        };
        // "In a CNN poll, Clinton led by 24 points": the poll's finding, where nothing else was
        // found with its cue or content.
        let polls: Vec<Quote> = poll_findings(doc, &resolver)
            .into_iter()
            .filter(|p| {
                !quotes.iter().any(|q| {
                    q.cue.zip(p.cue).is_some_and(|(a, b)| a.overlap(b) > 0) || q.content == p.content
                })
            })
            .collect();
        quotes.extend(polls);
        // "Limbaugh added:" and a paragraph of his words, where nothing was found on either but
        // thoughts inside the paragraph ("the greatest fear that I have ever seen").
        for b in block_quotes(doc, &resolver) {
            let clashes = |q: &Quote| {
                q.content.overlap(b.content) > 0 || q.cue.zip(b.cue).is_some_and(|(x, y)| x.overlap(y) > 0)
            };
            let inner_thought = |q: &Quote| b.content.contains(q.content) && !speech_cue(doc, q.cue);
            if quotes.iter().all(|q| !clashes(q) || inner_thought(q)) {
                quotes.retain(|q| !inner_thought(q));
                quotes.push(b);
            }
        }
        participle_cues(doc, self.scope, &mut quotes);
        if self.scope == Scope::Speech {
            quotes.retain(|q| !refused(doc, q.cue));
        }
        quotes.retain(|q| !idiom_cue(doc, q.cue));
        end_before_summary(doc, &mut quotes);
        end_before_apposition(doc, &mut quotes);
        end_before_participle(doc, &mut quotes);
        if let Some(h) = headline_quote(doc, entities, &resolver) {
            // It takes the place of the same words found with no speaker.
            let overlapped = |q: &Quote| q.content.overlap(h.content) > 0;
            if quotes
                .iter()
                .filter(|q| overlapped(q))
                .all(|q| q.speaker.is_none())
            {
                quotes.retain(|q| !overlapped(q));
                quotes.push(h);
            }
        }
        quotes.sort_by_key(|q| q.content.start);
        sandwiched_quotes(doc, &mut quotes);
        fronted_participle_speakers(doc, &mut quotes);
        resolver.resolve_pronouns(doc, &mut quotes);
        resolver.continue_speakers(doc, &mut quotes);
        headline_speakers_from_body(doc, entities, &mut quotes);
        quotes
    }

    /// The quotes the rules find, speakers not yet resolved.
    fn rules(&self, doc: &Doc, resolver: &Resolver) -> Vec<Quote> {
        let text = doc.text();
        let mut quotes: Vec<Quote> = Vec::new();
        let mut covered: Vec<Span> = Vec::new();
        let mut turns = transcript_turns(doc, resolver);
        // Whether the paragraph before ended inside a quote.
        let mut left_open = false;
        for (p, para) in doc.paragraphs.iter().enumerate() {
            // A transcript turn ("TAPPER: …") is one quote, quote marks inside it included.
            if let Some(q) = turns[p].take() {
                covered.push(para.span);
                quotes.push(q);
                left_open = false;
                continue;
            }
            let mut rest = para.span;
            if let Some(seg) = continued_segment(text, para.span).filter(|_| left_open) {
                covered.push(Span::new(seg.open, seg.close_end));
                let open_quote = quotes.last_mut().filter(|q| q.kind == QuoteKind::Direct);
                if let Some((open_quote, speaker)) =
                    open_quote.zip(closing_byline(doc, resolver, seg.content))
                {
                    // "“…¶ Dean Baker, Center for Economic and Policy Research.”": the quote's
                    // byline inside its marks, the closing mark its cue.
                    open_quote.speaker = Some(speaker);
                    open_quote.cue = Some(Span::new(seg.content.end, seg.close_end));
                } else {
                    // The rest of a quote left open: its speaker's, unless a cue follows its
                    // closing comma ("… those [Democratic lies],” Viguerie says.").
                    let (cue, speaker) = if text[..seg.content.end].ends_with(',') {
                        self.cue_after(doc, resolver, &tokens_after(doc, &seg, para.span))
                            .map_or((None, None), |(c, s)| (Some(c), s))
                    } else {
                        (None, None)
                    };
                    quotes.push(Quote {
                        kind: QuoteKind::Direct,
                        content: seg.content,
                        cue,
                        speaker,
                    });
                }
                rest = Span::new(seg.close_end, para.span.end);
            }
            let segments = marked_segments(text, rest);
            left_open = segments.last().is_some_and(|s| s.unclosed);
            for seg in &segments {
                let words = text[seg.content.start..seg.content.end]
                    .split_whitespace()
                    .count();
                let sentence_like =
                    words >= 4 || text[seg.content.start..seg.content.end].ends_with(['.', '!', '?', ',']);
                if !sentence_like {
                    continue; // scare quotes; reported speech around them is found below
                }
                let attribution = self.attribute_direct(doc, resolver, seg, &quotes, p);
                covered.push(Span::new(seg.open, seg.close_end));
                // "Clinton says Trump's “latest twitter meltdown is unhinged.”": words of the
                // speaker's own between the cue and the opening mark make the quote a mixed one.
                if let Some(start) = attribution.0.and_then(|cue| mixed_start(doc, cue, seg.open)) {
                    quotes.push(Quote {
                        kind: QuoteKind::Mixed,
                        content: Span::new(start, seg.close_end),
                        cue: attribution.0,
                        speaker: attribution.1,
                    });
                    continue;
                }
                quotes.push(Quote {
                    kind: QuoteKind::Direct,
                    content: seg.content,
                    cue: attribution.0,
                    speaker: attribution.1,
                });
            }
        }
        debug_assert!(
            covered.windows(2).all(|w| w[0].end <= w[1].start),
            "quoted spans in text order"
        );
        // Mixed quotes so far: a clause reported around one replaces it.
        let mut mixed: Vec<Span> = quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Mixed)
            .map(|q| q.content)
            .collect();
        // Reported speech and "according to", in sentences not already a direct quote.
        for s in 0..doc.sentences.len() {
            let sent = doc.sentences[s].span;
            if covered_overlapping(&covered, sent)
                .iter()
                .any(|c| c.overlap(sent) * 2 > sent.len())
            {
                continue;
            }
            if let Some(q) = self.reported(doc, resolver, s, &covered) {
                // A content opening inside a direct quote ("“…,” Ann Lee, a farmer, said.") is that
                // quote's attribution, not reported speech around it, unless its cue comes first
                // ("said that, “…” …").
                let inside_quote = |c: &Span| {
                    c.start <= q.content.start
                        && q.content.start < c.end
                        && q.cue.is_none_or(|cue| cue.end > c.start)
                };
                let at_start = Span::new(q.content.start, q.content.start + 1);
                if covered_overlapping(&covered, at_start).iter().any(inside_quote) {
                    // Its attribution goes to the quotation if that has none.
                    // Only a name or a pronoun, not a time or a phrase the subject search took
                    // for one ("Sunday", "me this week").
                    let named = q.speaker.as_ref().is_some_and(|s| {
                        (s.entity.is_some() || s.label == "PRON")
                            // The subject, not the object after "told" ("told CNN").
                            && s.mention.zip(q.cue).is_some_and(|(m, c)| {
                                m.end <= c.start || !matches!(doc.slice(c), "told" | "tells")
                            })
                            && s.mention.is_some_and(|m| {
                                let w = lower(doc.token_text(doc.token_at_or_after(m.start)));
                                !preposition(&w) && !WHEN.contains(&w.as_ref()) && w != "me"
                            })
                    });
                    if let Some(d) = quotes
                        .iter_mut()
                        .find(|d| named && d.speaker.is_none() && q.content.contains(d.content))
                    {
                        d.speaker = q.speaker;
                        d.cue = q.cue;
                    }
                    continue;
                }
                // The clause reported from its first verb replaces a mixed quote found from the
                // quotation inside it (whose cue is the last speech word before the mark).
                if mixed.iter().any(|m| m.overlap(q.content) > 0) {
                    quotes.retain(|x| x.kind != QuoteKind::Mixed || x.content.overlap(q.content) == 0);
                    mixed.retain(|m| m.overlap(q.content) == 0);
                }
                let reports = coordinated_reports(doc, resolver, q, &covered);
                mixed.extend(
                    reports
                        .iter()
                        .filter(|r| r.kind == QuoteKind::Mixed)
                        .map(|r| r.content),
                );
                quotes.extend(reports);
            }
        }
        // A quoted phrase inside reported speech is part of that mixed quote, not a quote of its own.
        let mixed: Vec<Span> = quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Mixed)
            .map(|q| q.content)
            .collect();
        quotes.retain(|q| q.kind != QuoteKind::Direct || !mixed.iter().any(|m| m.contains(q.content)));
        quotes
    }

    /// Cue and speaker of a direct quote: after it ("…," he said), before it ("X said:"), or the
    /// previous quote's speaker when it continues a quote from an earlier paragraph.
    fn attribute_direct(
        &self,
        doc: &Doc,
        resolver: &Resolver,
        seg: &Marked,
        earlier: &[Quote],
        paragraph: usize,
    ) -> (Option<Span>, Option<Speaker>) {
        let para = doc.paragraphs[paragraph].span;
        let after = tokens_after(doc, seg, para);
        if let Some((cue, speaker)) = dash_byline(doc, resolver, &after, para) {
            return (Some(cue), Some(speaker));
        }
        // Before: tokens of the same sentence before the opening mark.
        let before_start = doc
            .sentence_at(seg.open)
            .map_or(para.start, |s| doc.sentences[s].span.start)
            .max(para.start);
        let first = doc.token_at_or_after(before_start);
        let last = doc.token_at_or_after(seg.open);
        // "X said: “…” She added that …": a cue and a colon right before the quotation own it,
        // whatever the next sentence says.
        if last > first && doc.token_text(last - 1) == ":" {
            if let Some((cue, speaker)) = self
                .cue_before(doc, resolver, first, last)
                .filter(|(cue, _)| doc.token_at_or_after(cue.end) + 4 >= last)
            {
                return (Some(cue), speaker);
            }
        }
        if let Some((cue, speaker)) = self.cue_after(doc, resolver, &after) {
            return (Some(cue), speaker);
        }
        if let Some((cue, speaker)) = self.cue_before(doc, resolver, first, last) {
            return (Some(cue), speaker);
        }
        let _ = earlier;
        (None, None)
    }

    /// "…," he said / "…," said Abdulkafi / "…," Sonia Khush, director, said.
    fn cue_after(&self, doc: &Doc, resolver: &Resolver, toks: &[usize]) -> Option<(Span, Option<Speaker>)> {
        let (cue, speaker) = self.cue_after_names(doc, resolver, toks)?;
        // "…," said Kenneth Baer, a former official who runs a consultancy.
        let speaker = speaker.map(|mut sp| {
            if resolver.whole_phrases() && sp.label != "PRON" {
                if let Some(m) = sp.mention.filter(|m| m.start > cue.end) {
                    sp.mention = Some(with_closing_apposition(doc, m, toks));
                }
            }
            sp
        });
        Some((cue, speaker))
    }

    /// The cue after a quote and the name before or after it.
    fn cue_after_names(
        &self,
        doc: &Doc,
        resolver: &Resolver,
        toks: &[usize],
    ) -> Option<(Span, Option<Speaker>)> {
        let verbs = speech_verbs();
        // Look only at the first few words after the quote.
        let window: Vec<usize> = toks.iter().copied().take(12).collect();
        for (k, &t) in window.iter().enumerate() {
            let w = lower(doc.token_text(t));
            if !verbs.contains(w.as_ref()) {
                continue;
            }
            // A noun ("the former secretary of state", "a call", "late-night tweets").
            if k > 0 && noun_after(doc.token_text(window[k - 1])) {
                continue;
            }
            // Subject before the verb (within the window) or after it ("said Abdulkafi").
            let subject = resolver.noun_phrase_before(doc, window[0], t);
            // Right after the quotation ("“…”, say families fleeing …") a description may run longer.
            let right_after = window[..k].iter().all(|&x| doc.token_text(x) == ",");
            let end = window.last().map_or(t + 1, |&l| l + 1);
            let speaker = subject.or_else(|| {
                if right_after {
                    resolver.noun_phrase_after_quotation(doc, t + 1, end)
                } else {
                    resolver.noun_phrase_after(doc, t + 1, end)
                }
            });
            if speaker.is_none() && k > 0 {
                continue;
            }
            return Some((doc.tokens[t].span, speaker));
        }
        None
    }

    /// X said: "…" / X told ITV News: "…" / Speaking to ITV News, X, director of Y, said: "…".
    fn cue_before(
        &self,
        doc: &Doc,
        resolver: &Resolver,
        first: usize,
        last: usize,
    ) -> Option<(Span, Option<Speaker>)> {
        let verbs = speech_verbs();
        for t in (first..last).rev() {
            let w = lower(doc.token_text(t));
            // A capitalised word inside the sentence is a name ("the United States"); after a
            // determiner or a hyphenated modifier a speech word is a noun ("late-night tweets").
            let noun = t > first && noun_after(doc.token_text(t - 1));
            if !verbs.contains(w.as_ref())
                || (t > first && doc.token_text(t).starts_with(char::is_uppercase))
                || noun
            {
                continue;
            }
            let speaker = resolver.noun_phrase_before(doc, first, t);
            return Some((doc.tokens[t].span, speaker));
        }
        None
    }

    /// Reported speech in sentence `s`: "X said (that) …", "…, X said.", "according to X".
    fn reported(&self, doc: &Doc, resolver: &Resolver, s: usize, covered: &[Span]) -> Option<Quote> {
        let range = doc.sentences[s].tokens.clone();
        let toks: Vec<usize> = range.clone().collect();
        let low = |t: usize| lower(doc.token_text(t));
        let end_tok = |toks: &[usize]| {
            let mut e = *toks.last()?;
            while e > toks[0] && matches!(doc.token_text(e), "." | "!" | "?" | "\"" | "”" | "’" | "''") {
                e -= 1;
            }
            Some(e)
        };
        let kind_of = |content: Span| reported_kind(doc, covered, content);
        // according to X
        for (k, &t) in toks.iter().enumerate() {
            if low(t) == "according" && toks.get(k + 1).is_some_and(|&n| low(n) == "to") {
                let src_start = toks.get(k + 2).copied()?;
                let mut src_end = toks[k + 2..]
                    .iter()
                    .copied()
                    .find(|&x| matches!(doc.token_text(x), "," | "." | ";"))
                    .unwrap_or(*toks.last()? + 1);
                let mut speaker = resolver.noun_phrase(doc, src_start, src_end);
                // "According to the UN's humanitarian office, OCHA, roughly …": an acronym in
                // apposition to a described body names the source.
                let acronym = |t: usize| {
                    let w = doc.token_text(t);
                    w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase())
                };
                if k <= 1
                    && src_end < doc.tokens.len()
                    && doc.token_text(src_end) == ","
                    && src_end > src_start
                    && doc.token_text(src_end - 1).starts_with(char::is_lowercase)
                    && src_end + 2 < doc.tokens.len()
                    && acronym(src_end + 1)
                    && resolver.entity_end_at(doc, src_end + 1) == Some(src_end + 2)
                    && doc.token_text(src_end + 2) == ","
                {
                    if let Some(named) = resolver.noun_phrase(doc, src_end + 1, src_end + 2) {
                        let whole =
                            Span::new(doc.tokens[src_start].span.start, doc.tokens[src_end + 1].span.end);
                        speaker = Some(Speaker {
                            mention: Some(whole),
                            ..named
                        });
                        src_end += 2;
                    }
                }
                // "…, according to the UN refugee agency, UNHCR.": a closing name in apposition
                // names the source.
                let last = *toks.last()?;
                if k > 1
                    && src_end < doc.tokens.len()
                    && doc.token_text(src_end) == ","
                    && doc.token_text(src_end - 1).starts_with(char::is_lowercase)
                {
                    let name_end = resolver.entity_end_at(doc, src_end + 1);
                    let closes = name_end.is_some_and(|e| {
                        e == last || (e + 1 == last && matches!(doc.token_text(last), "." | "!" | "?"))
                    });
                    if let (true, Some(e)) = (closes, name_end) {
                        if let Some(named) = resolver.noun_phrase(doc, src_end + 1, e) {
                            let whole =
                                Span::new(doc.tokens[src_start].span.start, doc.tokens[e - 1].span.end);
                            speaker = Some(Speaker {
                                mention: Some(whole),
                                ..named
                            });
                        }
                    }
                }
                let content = if k > 1 {
                    // "…, according to X."
                    let mut e = toks[k - 1];
                    if doc.token_text(e) == "," {
                        e -= 1;
                    }
                    Span::new(doc.tokens[toks[0]].span.start, doc.tokens[e].span.end)
                } else {
                    // "According to X, …"
                    let mut after = toks.iter().position(|&x| x == src_end)? + 1;
                    // "According to Dr Alhamdo, a teacher in Idlib, …": a person's apposition is
                    // part of the source.
                    let person = speaker
                        .as_ref()
                        .is_some_and(|s| s.label == "PER" && s.entity.is_some());
                    if person
                        && toks
                            .get(after)
                            .is_some_and(|&x| matches!(low(x).as_ref(), "a" | "an" | "the"))
                    {
                        let close =
                            (after + 1..toks.len().min(after + 10)).find(|&i| doc.token_text(toks[i]) == ",");
                        let verbless = |i: usize| !finite_verb_like(&low(toks[i]));
                        if let Some(c) = close.filter(|&c| (after..c).all(verbless)) {
                            if let Some(sp) = speaker.as_mut() {
                                sp.mention = sp
                                    .mention
                                    .map(|m| Span::new(m.start, doc.tokens[toks[c - 1]].span.end));
                            }
                            after = c + 1;
                        }
                    }
                    // "According to the health ministry, which is run by Hamas, …": a relative
                    // clause describes the source.
                    if toks
                        .get(after)
                        .is_some_and(|&x| matches!(low(x).as_ref(), "which" | "who" | "whose"))
                    {
                        if let Some(c) =
                            (after + 1..toks.len().min(after + 20)).find(|&i| doc.token_text(toks[i]) == ",")
                        {
                            after = c + 1;
                        }
                    }
                    let e = end_tok(&toks)?;
                    let first = *toks.get(after)?;
                    if first > e {
                        return None;
                    }
                    Span::new(doc.tokens[first].span.start, doc.tokens[e].span.end)
                };
                let cue = Span::new(doc.tokens[t].span.start, doc.tokens[toks[k + 1]].span.end);
                return Some(Quote {
                    kind: QuoteKind::AccordingTo,
                    content,
                    cue: Some(cue),
                    speaker,
                });
            }
        }
        // "…, sources said." — an attribution closing the sentence owns all of it, whatever verbs
        // come before it ("Secret Service protocol called for …, sources said.").
        // A quotation found by its marks that closes right before the attribution owns it
        // ("Sudan: ‘We have nothing left’, say families fleeing El Fasher").
        let owned_by_quotation = |cue: Span| {
            // The quotations are disjoint and in text order: the last one closing before the cue.
            let before = covered.partition_point(|c| c.end <= cue.start);
            before.checked_sub(1).is_some_and(|i| {
                doc.text()[covered[i].end..cue.start]
                    .chars()
                    .all(|ch| ch.is_whitespace() || ch == ',')
            })
        };
        if let Some((content, cue, speaker)) = end_tok(&toks)
            .and_then(|end| closing_attribution(doc, resolver, &toks, end))
            .filter(|(_, cue, _)| !owned_by_quotation(*cue))
        {
            return Some(Quote {
                kind: kind_of(content),
                content,
                cue: Some(cue),
                speaker: Some(speaker),
            });
        }
        // "Donald Trump is defending his tweets, saying it shows …": a participle after a comma
        // reports the words of the name that opens the sentence.
        if let Some(q) = participle_report(doc, resolver, &toks, end_tok(&toks)?) {
            return Some(Quote {
                kind: kind_of(q.content),
                ..q
            });
        }
        // X said (that) …  — the first reporting verb with a subject before it.
        for (k, &t) in toks.iter().enumerate() {
            let w = low(t);
            // "Southwark Crown Court heard that …": a court or hearing reports the evidence put
            // to it.
            let hearing_heard = w == "heard"
                && toks.get(k + 1).is_some_and(|&n| low(n) == "that")
                && toks[k.saturating_sub(3)..k].iter().any(|&x| {
                    matches!(
                        low(x).as_ref(),
                        "court" | "jury" | "inquest" | "tribunal" | "inquiry" | "hearing" | "committee"
                    )
                });
            // "Officials estimate the damage at more than $5bn", "The ministry put the death toll at
            // 45": a figure given for something is a claim of the one who gives it.
            let valued = valued_object(doc, &toks, k);
            // "Erdogan was quoted by the Anadolu news agency as saying …": the participle after "as"
            // reports, and the one quoted speaks, the subject of "was quoted", not the one who
            // quoted; `quoted_as` is the token of that "was".
            let quoted_as = (k >= 3
                && low(toks[k - 1]) == "as"
                && w.ends_with("ing")
                && speech_verbs().contains(w.as_ref()))
            .then(|| {
                (k.saturating_sub(12)..k - 1)
                    .rev()
                    .find(|&j| matches!(low(toks[j]).as_ref(), "quoted" | "cited"))
            })
            .flatten()
            .filter(|&j| j >= 2 && be_form(&low(toks[j - 1])))
            .map(|j| {
                if low(toks[j - 1]) == "been" && j >= 3 {
                    j - 2
                } else {
                    j - 1
                }
            });
            if quoted_as.is_none() {
                if !reporting_verb(&w) && !hearing_heard && !valued {
                    continue;
                }
                // "was quoted (by state media) as saying …": the participle reports.
                let quoted_before_as = matches!(w.as_ref(), "quoted" | "cited")
                    && (k + 1..toks.len().min(k + 10)).any(|j| low(toks[j]) == "as");
                if quoted_before_as
                    || !(reports_words(doc, &toks, k) || valued)
                    || in_fronted_clause(doc, &toks, k)
                {
                    continue;
                }
            }
            if owned_by_quotation(doc.tokens[t].span) {
                return None;
            }
            // The figure's phrase ends at the next comma ("…, though insurers put it lower").
            if valued {
                let speaker = resolver.noun_phrase_before(doc, toks[0], t)?;
                let end = (k + 2..toks.len())
                    .find(|&i| matches!(doc.token_text(toks[i]), "," | ";" | "." | "—" | "--" | ":"))
                    .unwrap_or(toks.len());
                let content = Span::new(
                    doc.tokens[toks[k + 1]].span.start,
                    doc.tokens[toks[end - 1]].span.end,
                );
                return Some(Quote {
                    kind: kind_of(content),
                    content,
                    cue: Some(doc.tokens[t].span),
                    speaker: Some(speaker),
                });
            }
            // "Institutional recipients, said Mauer, are required to …": the speaker named between
            // commas after the verb, the sentence around them the content.
            if k >= 2 && doc.token_text(toks[k - 1]) == "," {
                let close = (k + 2..toks.len().min(k + 7)).find(|&c| doc.token_text(toks[c]) == ",");
                let e = end_tok(&toks)?;
                if let Some(c) = close.filter(|&c| c + 2 <= toks.len() && toks[c] < e) {
                    if let Some(speaker) = resolver
                        .noun_phrase_after(doc, toks[k + 1], toks[c])
                        .filter(|s| s.entity.is_some() || s.label == "PRON")
                    {
                        let relative = matches!(low(toks[c + 1]).as_ref(), "who" | "which" | "whose");
                        let last = if relative { toks[k - 2] } else { e };
                        let content = Span::new(doc.tokens[toks[0]].span.start, doc.tokens[last].span.end);
                        return Some(Quote {
                            kind: kind_of(content),
                            content,
                            cue: Some(doc.tokens[t].span),
                            speaker: Some(speaker),
                        });
                    }
                }
            }
            // "…, the UN said." — the verb closes the sentence.
            let rest: Vec<usize> = toks[k + 1..]
                .iter()
                .copied()
                .filter(|&x| !matches!(doc.token_text(x), "." | "!" | "?"))
                .collect();
            if rest.is_empty() && k >= 3 {
                let mut comma = toks[..k].iter().rposition(|&x| doc.token_text(x) == ",")?;
                let mut speaker = None;
                if comma + 1 == k {
                    // "…, the UN's humanitarian office, OCHA, said.": the comma closes an
                    // apposition; the subject is the name before it, with a description before that.
                    if let Some((p, named)) = appositive_subject(doc, resolver, &toks, comma) {
                        comma = p;
                        speaker = Some(named);
                    }
                }
                if comma < 3 {
                    return None;
                }
                let speaker = speaker.or_else(|| resolver.noun_phrase(doc, toks[comma + 1], t));
                let content = Span::new(
                    doc.tokens[toks[0]].span.start,
                    doc.tokens[toks[comma - 1]].span.end,
                );
                return Some(Quote {
                    kind: kind_of(content),
                    content,
                    cue: Some(doc.tokens[t].span),
                    speaker,
                });
            }
            if let Some(q) = named_in_relative_clause(doc, resolver, &toks, k) {
                return Some(q);
            }
            let speaker = match quoted_as {
                Some(be) => resolver.noun_phrase_before(doc, toks[0], toks[be])?,
                None => resolver.noun_phrase_before(doc, toks[0], t)?,
            };
            // "As The Times reported on Saturday, he has …", "…, as Breitbart reported a few days
            // later.": the clause outside the "as" clause is what was reported.
            let as_clause = speaker
                .mention
                .and_then(|mention| {
                    toks.iter()
                        .position(|&x| doc.tokens[x].span.start >= mention.start)
                })
                .filter(|&m| {
                    m >= 1
                        && m < k
                        && low(toks[m - 1]) == "as"
                        && !(m >= 2 && matches!(low(toks[m - 2]).as_ref(), "such" | "well"))
                        && !(m >= 3 && low(toks[m - 3]) == "as")
                })
                // "even as Trump claimed on Tuesday that …" is a time, its clause what was said.
                .filter(|_| {
                    !toks[k + 1..toks.len().min(k + 9)]
                        .iter()
                        .take_while(|&&x| doc.token_text(x) != ",")
                        .any(|&x| low(x) == "that" || matches!(doc.token_text(x), ":" | "\"" | "“" | "``"))
                });
            if let Some(m) = as_clause {
                let e = end_tok(&toks)?;
                let close = (k + 1..toks.len().min(k + 7))
                    .take_while(|&i| toks[i] < e)
                    .find(|&i| doc.token_text(toks[i]) == ",");
                // A quotation after the comma has its own attribution.
                if close
                    .and_then(|c| toks.get(c + 1))
                    .is_some_and(|&x| matches!(doc.token_text(x), ":" | "\"" | "“" | "``" | "''" | "‘" | "'"))
                {
                    return None;
                }
                // Only when and where follow the verb ("as UN warns of a catastrophe" is no aside).
                let tail_end =
                    close.unwrap_or_else(|| toks.iter().position(|&x| x == e).map_or(k + 1, |p| p + 1));
                let tail = &toks[k + 1..tail_end.max(k + 1)];
                let when = |x: &usize| {
                    matches!(
                        low(*x).as_ref(),
                        "later" | "earlier" | "ago" | "before" | "previously" | "recently" | "first"
                    )
                };
                if closing_tail(doc, t, tail) || (tail.len() <= 5 && tail.last().is_some_and(when)) {
                    let content = match close {
                        Some(comma) => {
                            Span::new(doc.tokens[toks[comma + 1]].span.start, doc.tokens[e].span.end)
                        }
                        None if m >= 3 && doc.token_text(toks[m - 2]) == "," => {
                            let first = speakers::dateline_end(doc, toks[0], toks[m - 3]).unwrap_or(toks[0]);
                            Span::new(doc.tokens[first].span.start, doc.tokens[toks[m - 3]].span.end)
                        }
                        None => return None,
                    };
                    return Some(Quote {
                        kind: kind_of(content),
                        content,
                        cue: Some(doc.tokens[t].span),
                        speaker: Some(speaker),
                    });
                }
            }
            // Skip an object ("told ITV News that"): a few words, up to "that", a comma or a colon.
            let mut c = k + 1;
            // "told Reuters the hospital had …", "told the Republican National Convention that":
            // a named object ends where its name does, when a clause or "that" follows it.
            let object_start = k + 1 + usize::from(toks.get(k + 1).is_some_and(|&o| low(o) == "the"));
            let named_object = matches!(w.as_ref(), "told" | "tells")
                .then(|| {
                    toks.get(object_start)
                        .and_then(|&o| resolver.entity_end_at(doc, o))
                })
                .flatten()
                .and_then(|end| toks.iter().position(|&x| x == end))
                .filter(|&end| {
                    end > k + 1
                        && toks.get(end).is_some_and(|&x| {
                            let next = low(x);
                            next == "that"
                                || clause_opener(&next)
                                || SUBJECT_PRONOUNS.contains(&next.as_ref())
                        })
                });
            if let Some(end) = named_object {
                c = end;
            } else if matches!(w.as_ref(), "told" | "tells") {
                while c < toks.len()
                    && c < k + 4
                    && !matches!(
                        low(toks[c]).as_ref(),
                        "that" | "," | ":" | "\"" | "“" | "``" | "''"
                    )
                    // "told us he had lost …": the object ends before the reported clause's subject,
                    // or a determiner or number opening it ("told reporters the toll had risen").
                    && !(c > k + 1 && SUBJECT_PRONOUNS.contains(&low(toks[c]).as_ref()))
                    && !(c > k + 1 && clause_opener(&low(toks[c])) && !preposition(&low(toks[c - 1])))
                {
                    // Not "US" the country ("told US President Donald Trump that …").
                    let object_pronoun =
                        matches!(low(toks[c]).as_ref(), "us" | "me" | "him" | "them" | "you")
                            && doc.token_text(toks[c]) != "US";
                    c += 1;
                    if object_pronoun {
                        break;
                    }
                }
                // A longer object ends at "that" ("tells reporters outside a polling location in
                // Greenville that …") or a colon ("told reporters in New Delhi: “…”").
                if c == k + 4 {
                    if let Some(that) = (c..toks.len().min(k + 10))
                        .take_while(|&i| !matches!(doc.token_text(toks[i]), "," | ";" | "\"" | "“" | "``"))
                        .find(|&i| low(toks[i]) == "that" || doc.token_text(toks[i]) == ":")
                    {
                        c = that;
                    }
                }
            }
            // "claimed, without evidence, that …": an aside between commas before "that".
            if toks.get(c).is_some_and(|&x| doc.token_text(x) == ",") {
                if let Some(p) = (c + 2..toks.len().min(c + 8)).find(|&p| {
                    low(toks[p]) == "that"
                        && doc.token_text(toks[p - 1]) == ","
                        && toks[c + 1..p - 1]
                            .iter()
                            .all(|&x| doc.token_text(x).chars().any(char::is_alphanumeric))
                }) {
                    c = p;
                }
            }
            // "…, the ONS said on Wednesday, unchanged from …": when it was said, then the comma.
            let timed_comma = (c..toks.len().min(c + 6))
                .find(|&i| doc.token_text(toks[i]) == ",")
                .filter(|&comma| {
                    let tail = &toks[c..comma];
                    !tail.is_empty()
                        && tail
                            .iter()
                            .all(|&x| WHEN.contains(&low(x).as_ref()) || preposition(&low(x)))
                        && closing_tail(doc, t, tail)
                });
            // A comma after the verb: a direct quote follows it ("said, “…”"), or nothing reported.
            let comma_after = toks.get(c).is_some_and(|&x| doc.token_text(x) == ",");
            if let Some(comma) = timed_comma.or(comma_after.then_some(c)) {
                // "More than 500 people were killed, the monitor said, including 150 children": an
                // attribution between commas reports the longer side of the sentence around it.
                let m = speaker.mention.and_then(|mention| {
                    toks.iter()
                        .position(|&x| doc.tokens[x].span.start >= mention.start)
                });
                let quotation_next = toks
                    .get(comma + 1)
                    .is_some_and(|&x| matches!(doc.token_text(x), ":" | "\"" | "“" | "``" | "''"));
                let between_commas = |m: usize| m >= 3 && m < k && doc.token_text(toks[m - 1]) == ",";
                if let Some(m) = m.filter(|&m| between_commas(m) && !quotation_next) {
                    // The longer side of the attribution is what it reports.
                    let e = end_tok(&toks)?;
                    let after = toks.get(comma + 1).copied().filter(|&a| a <= e);
                    // Not the side after when a participle or preposition opens it and no
                    // auxiliary follows soon: "…, the monitor said, including 150 children" reports the
                    // side before; "…, she added, revoking clearances would be …" the side after.
                    let opens_clause = |a: usize| {
                        let w = low(a);
                        // An auxiliary soon after a gerund subject ("revoking clearances would be").
                        let finite = toks
                            .iter()
                            .skip_while(|&&x| x <= a)
                            .take_while(|&&x| x <= e.min(a + 5))
                            .any(|&x| speakers::is_auxiliary(doc.token_text(x)));
                        finite || w == "to" || !(w.ends_with("ing") || preposition(&w) || w == "unchanged")
                    };
                    let content = match after {
                        Some(a) if e + 1 - a > m - 1 && opens_clause(a) => {
                            Span::new(doc.tokens[a].span.start, doc.tokens[e].span.end)
                        }
                        _ => {
                            // "WASHINGTON ― …, lawmakers said Friday": the dateline is not said.
                            let first = speakers::dateline_end(doc, toks[0], toks[m - 2]).unwrap_or(toks[0]);
                            Span::new(doc.tokens[first].span.start, doc.tokens[toks[m - 2]].span.end)
                        }
                    };
                    return Some(Quote {
                        kind: kind_of(content),
                        content,
                        cue: Some(doc.tokens[t].span),
                        speaker: Some(speaker),
                    });
                }
                if comma_after {
                    c += 1;
                    // "…,” X told the BBC, adding: “…”": the quotation after it has its own
                    // attribution.
                    let participle = toks.get(c).is_some_and(|&x| {
                        low(x).ends_with("ing") && speech_verbs().contains(low(x).as_ref())
                    });
                    let quotation = toks
                        .get(c + 1)
                        .is_some_and(|&x| matches!(doc.token_text(x), ":" | "\"" | "“" | "``" | "''"));
                    if participle && quotation {
                        return None;
                    }
                }
            }
            if toks
                .get(c)
                .is_some_and(|&x| matches!(doc.token_text(x), ":" | "\"" | "“" | "``" | "''"))
            {
                return None; // a direct quote follows; it has its own attribution
            }
            // "said after the hearing: “…”": so it does after when and where it was said.
            if let Some(colon) = (c + 1..toks.len().min(c + 9)).find(|&i| doc.token_text(toks[i]) == ":") {
                let quotation = toks
                    .get(colon + 1)
                    .is_some_and(|&x| matches!(doc.token_text(x), "\"" | "“" | "``" | "''" | "‘"));
                if quotation && closing_tail(doc, t, &toks[c..colon]) {
                    return None;
                }
            }
            c = past_when_or_where(doc, &toks, c);
            // "said on Sunday it had …", "said in a statement they would …": a time or place before
            // the reported clause's pronoun subject is no part of what was said.
            if toks.get(c).is_some_and(|&x| {
                let w = low(x);
                WHEN.contains(&w.as_ref()) || preposition(&w)
            }) {
                if let Some(p) = (c + 1..toks.len().min(c + 7))
                    .take_while(|&i| !matches!(doc.token_text(toks[i]), "," | ":" | ";" | "\"" | "“" | "``"))
                    .find(|&i| matches!(low(toks[i]).as_ref(), "he" | "she" | "they" | "it" | "we" | "i"))
                {
                    if closing_tail(doc, t, &toks[c..p]) {
                        c = p;
                    }
                }
            }
            // "said that, “…”" reports a quotation: a mixed quote, not a direct one of its own.
            let after_that = toks.get(c).is_some_and(|&x| low(x) == "that");
            if after_that {
                c += 1;
                if toks.get(c).is_some_and(|&x| doc.token_text(x) == ",") {
                    c += 1;
                }
            }
            // "warned of outbreaks", "spoke about the crisis": the preposition belongs to the cue
            // ("said of him" names whom it was said of, not what).
            let mut cue = doc.tokens[t].span;
            if c == k + 1
                && !matches!(w.as_ref(), "said" | "say" | "says" | "saying" | "told" | "tells")
                && toks
                    .get(c)
                    .is_some_and(|&x| matches!(low(x).as_ref(), "of" | "about"))
            {
                cue = Span::new(cue.start, doc.tokens[toks[c]].span.end);
                c += 1;
            }
            let e = end_tok(&toks)?;
            let first = *toks.get(c)?;
            if first > e || e + 1 - first < 3 {
                return None;
            }
            // "“…,” she said in a letter to …", "“…,” he told MPs during …": the verb attributes
            // the quotation before its subject; where it was said is no reported clause. The
            // quotation is returned, for its attribution if it has none.
            let quotation_before = speaker.mention.and_then(|mention| {
                covered.iter().copied().find(|q| {
                    q.start >= doc.tokens[toks[0]].span.start
                        && q.end <= mention.start
                        && doc.text()[q.end..mention.start]
                            .chars()
                            .all(|ch| ch.is_whitespace() || matches!(ch, ',' | '”' | '"' | '’' | '\''))
                })
            });
            // Not when a second report follows ("…,” Carson said on NBC, but he said he is …"):
            // that one is split off below, the place dropped.
            let second_report_follows = || {
                (c..toks.len()).any(|i| {
                    let v = low(toks[i]);
                    (reporting_verb(&v)
                    && toks[i.saturating_sub(3).max(c)..i]
                        .iter()
                        .any(|&y| matches!(low(y).as_ref(), "and" | "but")))
                    // "…, adding that …": a participle after a comma reports too.
                    || (i > c
                        && (doc.token_text(toks[i - 1]) == ","
                            || (i > c + 1
                                && doc.tokens[toks[i - 1]].kind == crate::doc::TokenKind::Quote
                                && doc.token_text(toks[i - 2]) == ","))
                        && (REPORTING_PARTICIPLES.contains(&v.as_ref())
                            || ATTRIBUTING_PARTICIPLES.contains(&v.as_ref())))
                })
            };
            // Checked last: most sentences have no quotation before their subject.
            if let Some(quotation) = quotation_before.filter(|_| {
                !after_that
                    && (preposition(&low(first)) || matches!(w.as_ref(), "told" | "tells"))
                    && !second_report_follows()
            }) {
                return Some(Quote {
                    kind: QuoteKind::Direct,
                    content: quotation,
                    cue: Some(cue),
                    speaker: Some(speaker),
                });
            }
            // "…," the air force said in a statement on Telegram.": only where it was said follows.
            // After "told", an object and a time ("told Fox News this week"), but no clause.
            let tail = &toks[c..toks.iter().position(|&x| x == e)? + 1];
            let opens_adverbial = |w: &str| WHEN.contains(&w) || preposition(w);
            let clause_like = |x: usize| {
                let w = low(x);
                matches!(w.as_ref(), "he" | "she" | "they" | "it" | "we" | "i")
                    || w.ends_with("'s")
                    || w.ends_with("’s")
                    || finite_verb_like(&w)
            };
            let told = matches!(w.as_ref(), "told" | "tells");
            if !after_that
                && (opens_adverbial(&low(first)) || (told && !tail.iter().any(|&x| clause_like(x))))
                && closing_tail(doc, t, tail)
            {
                return None;
            }
            let mut content = Span::new(doc.tokens[first].span.start, doc.tokens[e].span.end);
            let text = doc.slice(content);
            if !after_that && (text.starts_with(['"', '“', ':', '`']) || text.starts_with("''")) {
                return None;
            }
            content = with_closing_mark(doc, content, e);
            // A mixed quote ends with its quoted words when a coordinated clause follows
            // ("describes himself as "a father" and spoke to ITV News …").
            if let Some(close) = covered_overlapping(covered, content)
                .iter()
                .filter(|c| content.contains(**c))
                .map(|c| c.end)
                .max()
            {
                let rest = &doc.text()[close..content.end];
                if rest.trim_start().starts_with("and ") || rest.trim_start().starts_with("but ") {
                    content = Span::new(content.start, close);
                }
            }
            // "Smith, who said the plan would fail, resigned on Monday": the relative clause
            // ends at the comma before its subject's own verb.
            if k >= 2 && low(toks[k - 1]) == "who" && doc.token_text(toks[k - 2]) == "," {
                let inside = doc.tokens_in(content);
                if let Some(comma) = inside.clone().skip(1).find(|&x| {
                    doc.token_text(x) == ","
                        && doc.tokens.get(x + 1).is_some_and(|n| {
                            let w = doc.slice(n.span);
                            w.starts_with(char::is_lowercase) && finite_verb_like(w) && x + 1 < inside.end
                        })
                }) {
                    content = Span::new(content.start, doc.tokens[comma - 1].span.end);
                }
            }
            return Some(Quote {
                kind: kind_of(content),
                content,
                cue: Some(cue),
                speaker: Some(speaker),
            });
        }
        let _ = range;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_quotes(text: &str) -> Vec<(String, Option<String>)> {
        let doc = Doc::new(text);
        Quotes::new(None, Scope::Speech)
            .find(&doc, &[])
            .iter()
            .map(|q| {
                (
                    doc.slice(q.content).to_string(),
                    q.speaker.as_ref().map(|s| s.name.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn doubled_apostrophes_mark_a_direct_quote() {
        let found = rule_quotes(
            "''There's no evidence this would work,'' said John Smith, an economist. ''The real issue is governance. It would be better.''",
        );
        assert_eq!(
            found,
            [
                (
                    "There's no evidence this would work,".to_string(),
                    Some("John Smith".to_string())
                ),
                (
                    "The real issue is governance. It would be better.".to_string(),
                    Some("John Smith".to_string())
                ),
            ]
        );
    }

    #[test]
    fn an_attribution_closing_the_sentence_owns_all_of_it() {
        let owned = |c: &str, s: &str| (c.to_string(), Some(s.to_string()));
        // An earlier verb of the sentence is part of what was said.
        assert_eq!(
            rule_quotes("Protocol called for the nominee to be taken to a trauma center, sources said."),
            [owned(
                "Protocol called for the nominee to be taken to a trauma center",
                "sources"
            )]
        );
        assert_eq!(
            rule_quotes(
                "Clinton had told police officials that she did not want the escort, the source added."
            ),
            [owned(
                "Clinton had told police officials that she did not want the escort",
                "source"
            )]
        );
        // The speaker after the verb, an apposition after the name, a time after the verb.
        assert_eq!(
            rule_quotes("The plan will cost far more than promised, said John Smith, a spokesman."),
            [owned("The plan will cost far more than promised", "John Smith")]
        );
        assert_eq!(
            rule_quotes("The talks had collapsed over the border question, officials said Friday."),
            [owned(
                "The talks had collapsed over the border question",
                "officials"
            )]
        );
        // Not a closing attribution: the sentence goes on after the speaker, or the last verb is a noun.
        assert!(
            rule_quotes("Institutional recipients, said Mauer, are required to report every gift.")
                .iter()
                .all(|(c, _)| c != "Institutional recipients")
        );
        assert!(
            rule_quotes("The mayor announced the closure after he read the police reports.")
                .iter()
                .all(|(c, _)| c != "The mayor announced the closure after he read the police")
        );
    }

    /// A tagged attribution with a source, a cue and one content piece (token ranges).
    fn tagged(
        source: std::ops::Range<usize>,
        cue: std::ops::Range<usize>,
        content: std::ops::Range<usize>,
    ) -> TaggedAttribution {
        TaggedAttribution {
            source: Some(source),
            cue: Some(cue),
            content: std::iter::once(content).collect(),
        }
    }

    #[test]
    fn a_passive_cue_without_its_agent_has_no_source() {
        let doc = Doc::new("North Korea is not thought to be capable. Smith was praised by Jones for it.");
        let t = |w: &str, nth: usize| nth_token(&doc, w, nth);
        let span = |a: &str, b: &str| t(a, 0)..t(b, 0) + 1;
        let mut found = vec![
            tagged(
                span("North", "Korea"),
                span("is", "thought"),
                span("to", "capable"),
            ),
            // An agent after the cue is the source.
            tagged(span("Smith", "Smith"), span("was", "praised"), span("for", "it")),
        ];
        passive_subjects(&doc, &mut found);
        assert_eq!(found[0].source, None);
        assert_eq!(found[0].content, [span("North", "Korea"), span("to", "capable")]);
        assert_eq!(found[1].source, Some(span("Smith", "Smith")));
        // An agent the tagger took for content is the source; what it is said of, content.
        let doc = Doc::new("The army has been accused by rights groups of strikes. Clinton was endorsed by dozens of papers.");
        let t = |w: &str| nth_token(&doc, w, 0);
        let mut found = vec![
            tagged(
                t("army")..t("army") + 1,
                t("has")..t("by") + 1,
                t("rights")..t("strikes") + 1,
            ),
            tagged(
                t("Clinton")..t("Clinton") + 1,
                t("was")..t("endorsed") + 1,
                t("dozens")..t("papers") + 1,
            ),
        ];
        passive_subjects(&doc, &mut found);
        assert_eq!(found[0].source, Some(t("rights")..t("groups") + 1));
        assert_eq!(
            found[0].content,
            [t("army")..t("army") + 1, t("of")..t("strikes") + 1]
        );
        assert_eq!(found[1].source, Some(t("dozens")..t("papers") + 1));
        assert_eq!(found[1].cue, Some(t("was")..t("dozens")));
        assert_eq!(found[1].content.len(), 1);
        assert_eq!(found[1].content[0], t("Clinton")..t("Clinton") + 1);
        // An empty cue at the document's start is left alone.
        let mut empty = vec![tagged(0..0, 0..0, span("to", "capable"))];
        passive_subjects(&doc, &mut empty);
        assert_eq!(empty[0].source, Some(0..0));
    }

    #[test]
    fn a_cue_set_off_by_commas_takes_the_words_before_it() {
        let doc =
            Doc::new("Climate change, Mr. Obama often says, is the greatest threat. In May, he said, “no.”");
        let t = |w: &str, nth: usize| nth_token(&doc, w, nth);
        let span = |a: &str, b: &str| t(a, 0)..t(b, 0) + 1;
        let mut found = vec![
            tagged(span("Mr.", "Obama"), span("often", "says"), span("is", "threat")),
            // A quoted content after the cue does not take an unquoted lead ("In May").
            tagged(span("he", "he"), span("said", "said"), span("“", "”")),
        ];
        parenthetical_contents(&doc, &mut found);
        assert_eq!(
            found[0].content,
            [t("Climate", 0)..t(",", 0), span("is", "threat")]
        );
        assert_eq!(
            found[1].content.len(),
            1,
            "the quoted content keeps its one piece"
        );
    }

    #[test]
    fn a_closing_mark_typed_for_an_opening_one_opens_a_quote() {
        let found = rule_quotes("”Fear. I am truly afraid,” said Edwin Monroy.");
        assert_eq!(
            found,
            [(
                "Fear. I am truly afraid,".to_string(),
                Some("Edwin Monroy".to_string())
            )]
        );
    }

    #[test]
    fn a_headline_naming_a_person_before_a_colon_is_their_quote() {
        let text = "Sanders: Clinton Email Story Has Moved.\n\nBernie Sanders spoke on Friday.";
        let doc = Doc::new(text);
        let at = |w: &str| text.find(w).unwrap();
        let person = Entity {
            span: Span::new(at("Bernie"), at(" spoke")),
            label: EntityLabel::Per,
        };
        let quotes = Quotes::new(None, Scope::Speech).find(&doc, std::slice::from_ref(&person));
        assert_eq!(quotes.len(), 1);
        assert_eq!(doc.slice(quotes[0].content), "Clinton Email Story Has Moved");
        assert_eq!(quotes[0].cue.map(|c| doc.slice(c)), Some(":"));
        // A headline whose words before the colon name no person is no quote.
        let text = "Stealth Over Health: Clinton Was Headed to ER.\n\nBernie Sanders spoke.";
        let doc = Doc::new(text);
        let person = Entity {
            span: Span::new(text.find("Bernie").unwrap(), text.find(" spoke").unwrap()),
            label: EntityLabel::Per,
        };
        assert!(Quotes::new(None, Scope::Speech).find(&doc, &[person]).is_empty());
        // A quotation inside the headline found with no speaker is the named person's.
        let text = "Sanders: Clinton Needs to 'Get Away From This Stuff' With Trump\n\nBernie Sanders spoke.";
        let doc = Doc::new(text);
        let person = Entity {
            span: Span::new(text.find("Bernie").unwrap(), text.find(" spoke").unwrap()),
            label: EntityLabel::Per,
        };
        let quotes = Quotes::new(None, Scope::Speech).find(&doc, &[person]);
        assert_eq!(quotes.len(), 1);
        assert_eq!(
            quotes[0].speaker.as_ref().map(|s| s.name.as_str()),
            Some("Sanders")
        );
        // People described before a quotation; not a story's name.
        for (text, speaker) in [
            (
                "Doctors in Gaza: 'We are choosing who lives'\n\nFuel ran out.",
                Some("Doctors"),
            ),
            (
                "Floods in Pakistan: 'We lost everything in one night'\n\nRain fell.",
                None,
            ),
        ] {
            let doc = Doc::new(text);
            let quotes = Quotes::new(None, Scope::Speech).find(&doc, &[]);
            let said = text.split('\'').nth(1).unwrap();
            assert_eq!(doc.slice(quotes[0].content), said, "{text}");
            let name = quotes[0].speaker.as_ref().map(|s| s.name.as_str());
            assert_eq!(name, speaker, "{text}");
        }
    }

    /// Index of the `nth` token that reads `w`.
    fn nth_token(doc: &Doc, w: &str, nth: usize) -> usize {
        (0..doc.tokens.len())
            .filter(|&t| doc.token_text(t) == w)
            .nth(nth)
            .unwrap()
    }

    #[test]
    fn a_tagged_cue_without_content_takes_the_rule_quote_on_it() {
        let doc = Doc::new("Those discussions are continuing, he said. Prices rose, she said.");
        let rules = Quotes::new(None, Scope::Speech).rules(&doc, &Resolver::new(&doc, &[]));
        let t = |w: &str, nth: usize| nth_token(&doc, w, nth);
        let mut found = vec![
            TaggedAttribution {
                source: Some(t("he", 0)..t("he", 0) + 1),
                cue: Some(t("said", 0)..t("said", 0) + 1),
                content: Vec::new(),
            },
            TaggedAttribution {
                source: None,
                cue: Some(t("said", 1)..t("said", 1) + 1),
                content: std::iter::once(t("Prices", 0)..t("rose", 0) + 1).collect(),
            },
        ];
        contents_from_rules(&doc, &rules, &mut found);
        assert_eq!(found[0].content, vec![t("Those", 0)..t("continuing", 0) + 1]);
        assert_eq!(found[1].content, vec![t("Prices", 0)..t("rose", 0) + 1]);
    }

    #[test]
    fn a_cue_before_a_colon_takes_the_quoted_paragraphs_after_it() {
        let doc = Doc::new("He said:\n\n“We will win.\n\n“We will win again.”\n\nShe left.");
        let t = |w: &str, nth: usize| nth_token(&doc, w, nth);
        let quoted = |nth: usize, end: usize| TaggedAttribution {
            content: std::iter::once(t("“", nth)..end).collect(),
            ..TaggedAttribution::default()
        };
        let mut found = vec![
            TaggedAttribution {
                source: Some(t("He", 0)..t("He", 0) + 1),
                cue: Some(t("said", 0)..t("said", 0) + 1),
                content: Vec::new(),
            },
            quoted(0, t(".", 0) + 1),
            quoted(1, t("”", 0) + 1),
            TaggedAttribution {
                content: std::iter::once(t("She", 0)..t("left", 0) + 1).collect(),
                ..TaggedAttribution::default()
            },
        ];
        colon_contents(&doc, &mut found);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].content,
            vec![t("“", 0)..t(".", 0) + 1, t("“", 1)..t("”", 0) + 1]
        );
        assert_eq!(found[1].content, vec![t("She", 0)..t("left", 0) + 1]);
    }

    #[test]
    fn a_direct_quote_from_the_rules_keeps_its_marks() {
        let doc = Doc::new("“It is cold,” he said.");
        let rules = Quotes::new(None, Scope::Speech).rules(&doc, &Resolver::new(&doc, &[]));
        let said = (0..doc.tokens.len())
            .find(|&t| doc.token_text(t) == "said")
            .unwrap();
        let mut found = vec![TaggedAttribution {
            source: Some(said - 1..said),
            cue: Some(said..said + 1),
            content: Vec::new(),
        }];
        contents_from_rules(&doc, &rules, &mut found);
        let quotes = tagged_quotes(&doc, &Resolver::new(&doc, &[]), &found);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].kind, QuoteKind::Direct);
        assert_eq!(doc.slice(quotes[0].content), "It is cold,");
    }

    #[test]
    fn a_tagged_source_loses_its_closing_comma() {
        let doc = Doc::new("“It is cold,” said Skelly, explaining he was there.");
        let t = |w: &str| nth_token(&doc, w, 0);
        let found = vec![tagged(
            t("Skelly")..t("Skelly") + 2,
            t("said")..t("said") + 1,
            t("It")..t("cold") + 1,
        )];
        let quotes = tagged_quotes(&doc, &Resolver::new(&doc, &[]), &found);
        let mention = quotes[0].speaker.as_ref().and_then(|s| s.mention).unwrap();
        assert_eq!(doc.slice(mention), "Skelly");
    }

    #[test]
    fn a_content_loses_its_leading_that_and_comma() {
        let doc = Doc::new("He said that, if elected, he would go. She said that, “It is cold.”");
        let t = |w: &str, nth: usize| nth_token(&doc, w, nth);
        let (c, marked) = strip_content(&doc, t("that", 0)..t("go", 0) + 1);
        assert_eq!((doc.slice(c), marked), ("if elected, he would go", false));
        let (c, marked) = strip_content(&doc, t("that", 1)..t("”", 0) + 1);
        assert_eq!((doc.slice(c), marked), ("It is cold.", true));
        // A sentence's first "That" is a word of the content, not its complementiser.
        let doc = Doc::new("That is wrong, he said.");
        let (c, _) = strip_content(&doc, 0..3);
        assert_eq!(doc.slice(c), "That is wrong");
    }

    #[test]
    fn according_to_replaces_a_tagged_quote_inside_its_content() {
        let text = "Police have said they have no plans, according to attorneys for the family.";
        let doc = Doc::new(text);
        let rules = Quotes::new(None, Scope::Speech).rules(&doc, &Resolver::new(&doc, &[]));
        let at = |w: &str| Span::new(text.find(w).unwrap(), text.find(w).unwrap() + w.len());
        let mut quotes = vec![Quote {
            kind: QuoteKind::Indirect,
            content: at("they have no plans"),
            cue: Some(at("have said")),
            speaker: None,
        }];
        according_to_wins(&mut quotes, &rules);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].kind, QuoteKind::AccordingTo);
        assert_eq!(
            doc.slice(quotes[0].content),
            "Police have said they have no plans"
        );
    }

    #[test]
    fn a_sentence_opening_with_a_comma_before_its_cue_is_no_panic() {
        // The comma before "the agency said" is the sentence's first token.
        let _ = rule_quotes(", the agency said.\n\nA, b c d, the agency said.");
    }

    #[test]
    fn a_direct_quote_before_a_named_apposition_is_not_reported_speech() {
        for text in [
            "\"It is cold,\" Ann Lee, a farmer, said.",
            "“It is cold,” Ann Lee, a farmer near the border, said.",
        ] {
            let q = rule_quotes(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            assert_eq!(q[0].0, "It is cold,");
            assert!(
                q[0].1.as_deref().is_some_and(|s| s.contains("Lee")),
                "{text}: {q:?}"
            );
        }
    }

    #[test]
    fn when_and_where_said_are_no_part_of_reported_speech() {
        for text in [
            "The minister said on Monday that prices would rise next year.",
            "The minister said Tuesday that prices would rise next year.",
            "The minister said in a statement that prices would rise next year.",
        ] {
            let q = rule_quotes(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            assert_eq!(q[0].0, "prices would rise next year", "{text}");
        }
        // "that" as a determiner opens no reported clause.
        let q = rule_quotes("The minister said in that case prices would rise next year.");
        assert_eq!(q[0].0, "in that case prices would rise next year");
    }

    #[test]
    fn a_quotation_after_that_is_reported_speech() {
        let q = rule_quotes(
            "The campaign said via email that, “Of course he will defend himself” against what it sees as a \
             coordinated attack by the media.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(
            q[0].0.starts_with("“Of course") && q[0].0.ends_with("the media"),
            "{q:?}"
        );
    }

    #[test]
    fn an_attribution_between_commas_reports_the_longer_side() {
        let q =
            rule_quotes("More than 500 people have been killed, the monitor said, including 150 children.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "More than 500 people have been killed");
        let q =
            rule_quotes("But to prevent problems, he said, local officials should be vigilant at all times.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "local officials should be vigilant at all times");
    }

    #[test]
    fn a_relative_clause_reports_the_words_of_what_it_follows() {
        let text = "Kovalenko disagrees with officials who say the city is safe.\n\n\
                    She met a graduate of Harvard Law School who argued that the ban was illegal.\n\n\
                    Smith, who said the plan would fail, resigned on Monday.";
        let (doc, q) = quotes_with(
            text,
            &["Kovalenko", "Harvard Law School", "Smith"],
            EntityLabel::Per,
        );
        let found: Vec<(&str, &str, &str)> = q
            .iter()
            .map(|q| {
                let sp = q.speaker.as_ref().unwrap();
                (
                    doc.slice(q.content),
                    sp.name.as_str(),
                    doc.slice(sp.mention.unwrap()),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("the city is safe", "officials", "who"),
                ("the ban was illegal", "graduate", "who"),
                ("the plan would fail", "Smith", "who"),
            ]
        );
    }

    #[test]
    fn where_something_was_said_an_adjective_and_a_conjunction_are_not_what_or_who() {
        let found = rule_quotes(
            "Pollution caused an estimated 1.2 million deaths in 2021, a study has found.\n\n\
             “These are not abstract numbers,” Professor Michael Greenstone said in an interview \
             with the BBC.\n\n\
             Asked about limits, Bhupender Yadav told reporters in New Delhi: “We are doing more.”\n\n\
             Costs will rise, although a recent poll found only a quarter of citizens agree.",
        );
        let contents: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            contents,
            [
                "Pollution caused an estimated 1.2 million deaths in 2021",
                "These are not abstract numbers,",
                "We are doing more.",
                "only a quarter of citizens agree",
            ]
        );
        assert_eq!(found[3].1.as_deref(), Some("recent poll"));
    }

    #[test]
    fn a_subject_after_a_conjunction_inside_its_clause() {
        let found = rule_quotes(
            "The minister resigned on Thursday when an inquiry found that her team had ignored warnings.\n\n\
             A poll conducted after the debate found that Clinton was ahead.\n\n\
             The minister, Sarah Okafor, resigned after an audit found that repairs had stalled.",
        );
        let speakers: Vec<Option<&str>> = found.iter().map(|(_, s)| s.as_deref()).collect();
        // The subject of "found" in the "when" clause; "after" is a preposition as often, but
        // not after a predicate.
        assert_eq!(
            speakers,
            [
                Some("inquiry"),
                Some("poll conducted after the debate"),
                Some("audit")
            ]
        );
    }

    #[test]
    fn a_noun_summing_up_a_claim_is_no_speaker_nor_part_of_it() {
        let found = rule_quotes(
            "The army says Hamas uses hospitals as bases, a claim the group denies.\n\n\
             The plan would hurt farmers, a spokesman for the union said.",
        );
        assert_eq!(
            found,
            [
                (
                    "Hamas uses hospitals as bases".to_string(),
                    Some("army".to_string())
                ),
                (
                    "The plan would hurt farmers".to_string(),
                    Some("spokesman".to_string())
                ),
            ]
        );
    }

    #[test]
    fn a_reported_clause_ends_before_a_closing_apposition_but_not_a_list() {
        let found = rule_quotes(
            "Officials said the money went to Ben Carson, a neurosurgeon who never held office.\n\n\
             She said voters care about jobs, guns, the minimum wage and health care.",
        );
        let contents: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            contents,
            [
                "the money went to Ben Carson",
                "voters care about jobs, guns, the minimum wage and health care"
            ]
        );
    }

    #[test]
    fn a_second_report_in_a_sentence_leaves_out_where_it_was_said() {
        let found = rule_quotes(
            "The army accused the RSF of violating the truce, while the RSF said in a statement that \
             army aircraft had bombed its positions.",
        );
        assert_eq!(
            found.last(),
            Some(&(
                "army aircraft had bombed its positions".to_string(),
                Some("RSF".to_string())
            ))
        );
    }

    #[test]
    fn a_court_that_heard_reports_the_evidence() {
        let found = rule_quotes(
            "Southwark Crown Court heard that Hughes took money from 37 accounts.\n\n\
             Neighbours heard that he left.",
        );
        assert_eq!(
            found,
            [(
                "Hughes took money from 37 accounts".to_string(),
                Some("Southwark Crown Court".to_string())
            )]
        );
    }

    #[test]
    fn a_he_or_she_is_no_group() {
        let found = rule_quotes("Officials say the city is safe.\n\nShe said the water was unsafe.");
        assert_eq!(
            found[1],
            ("the water was unsafe".to_string(), Some("she".to_string()))
        );
    }

    #[test]
    fn a_name_with_its_description_between_commas_closes_the_sentence() {
        let (doc, q) = quotes_with(
            "About 4.1 million people relied on aid, the UN's humanitarian office, OCHA, said.",
            &["OCHA"],
            EntityLabel::Org,
        );
        assert_eq!(doc.slice(q[0].content), "About 4.1 million people relied on aid");
        let speaker = q[0].speaker.as_ref().unwrap();
        assert_eq!(speaker.name, "OCHA");
        assert_eq!(
            doc.slice(speaker.mention.unwrap()),
            "the UN's humanitarian office, OCHA"
        );
    }

    #[test]
    fn an_attribution_between_commas_reports_the_clause_not_the_adjunct() {
        let found = rule_quotes(
            "UK inflation fell to 6.7% in the year to September, the statistics office said on \
             Wednesday, unchanged from August and higher than the 6.6% economists had expected.\n\n\
             Sales were great, he said, wiping his face.\n\n\
             While some staff could be warned, she added, revoking clearances would be really very \
             aggressive given the facts.\n\nWASHINGTON ― The plan is an insult, lawmakers said Friday, as they met.",
        );
        let contents: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            contents,
            [
                "UK inflation fell to 6.7% in the year to September",
                "Sales were great",
                "revoking clearances would be really very aggressive given the facts",
                "The plan is an insult",
            ]
        );
    }

    #[test]
    fn a_mixed_quote_after_the_cue_and_a_comma_starts_after_the_comma() {
        let found = rule_quotes("Mr. Regalado said, Mr. Trump is seen as ''a bully.''");
        assert!(found[0].0.starts_with("Mr. Trump is seen as"), "{found:?}");
    }

    #[test]
    fn a_participle_after_the_cue_opens_its_own_attribution() {
        let text = "“We are running out of food,” Ms Khush said, adding that the camps were full.\n\n\
                    “I prefer Kasich,” he said, referring to the governor of Ohio.";
        let doc = Doc::new(text);
        let found = |scope| -> Vec<(String, String)> {
            Quotes::new(None, scope)
                .find(&doc, &[])
                .iter()
                .map(|q| {
                    (
                        doc.slice(q.cue.unwrap()).to_string(),
                        doc.slice(q.content).to_string(),
                    )
                })
                .collect()
        };
        let pair = |c: &str, x: &str| (c.to_string(), x.to_string());
        assert_eq!(
            found(Scope::Speech),
            [
                pair("said", "We are running out of food,"),
                pair("adding", "the camps were full"),
                pair("said", "I prefer Kasich,"),
            ]
        );
        // Under `All`, a reference is an attribution too, as PolNeAR writes it.
        assert_eq!(found(Scope::All)[3], pair("referring to", "the governor of Ohio"));
    }

    #[test]
    fn a_quotation_after_adding_is_no_reported_speech() {
        let q = rule_quotes("\"It is a massacre,\" Dr Hamza told the BBC, adding: \"We have no more beds.\"");
        let contents: Vec<&str> = q.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(contents, ["It is a massacre,", "We have no more beds."]);
        let q = rule_quotes(
            "After the match, Tom Gomez, the coach, said, \"I think we have learned a lot today.\"",
        );
        let contents: Vec<&str> = q.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(contents, ["I think we have learned a lot today."]);
    }

    #[test]
    fn told_takes_one_object_before_the_reported_clause() {
        let q = rule_quotes("Mr Alhamdo, a teacher, told us he had lost 12 relatives.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "he had lost 12 relatives");
        let q = rule_quotes("The doctor told the BBC he had treated 40 patients.");
        assert_eq!(q[0].0, "he had treated 40 patients");
        let q = rule_quotes("The doctor told reporters the toll had risen.");
        assert_eq!(q[0].0, "the toll had risen");
        let q = rule_quotes("Bush tells reporters outside a polling station that he will win.");
        assert_eq!(
            q[0].0, "he will win",
            "a noun phrase after a preposition stays in the object"
        );
        let q = rule_quotes("Mr Erdogan told US President Donald Trump that Turkey expected support.");
        assert_eq!(q[0].0, "Turkey expected support", "US is no pronoun");
    }

    #[test]
    fn the_one_quoted_as_saying_is_the_speaker() {
        let q =
            rule_quotes("Erdogan was quoted by the Anadolu news agency as saying that Ankara would stay.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(
            q[0],
            ("Ankara would stay".to_string(), Some("Erdogan".to_string()))
        );
        let q = rule_quotes("The minister has been quoted by local media as saying the talks would resume.");
        assert_eq!(q[0].0, "the talks would resume");
    }

    #[test]
    fn where_and_when_it_was_said_is_not_what_was_said() {
        let q = rule_quotes("The air force said on Sunday it had shot down 30 drones.");
        assert_eq!(q[0].0, "it had shot down 30 drones");
        let q = rule_quotes(
            "\"Air defence worked in six regions,\" the air force said in a statement on Telegram.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "Air defence worked in six regions,");
        assert!(rule_quotes("Mr Trump told Fox News this week.").is_empty());
        let q = rule_quotes("Hillary Clinton tells supporters she is with them.");
        assert_eq!(q[0].0, "she is with them");
        let q = rule_quotes("The president claimed, without evidence, that the election had been stolen.");
        assert_eq!(q[0].0, "the election had been stolen", "an aside before that");
    }

    /// The rules' quotes of `text`, whose entities are the first mentions of `names`, all `label`.
    fn quotes_with(text: &str, names: &[&str], label: EntityLabel) -> (Doc, Vec<Quote>) {
        let doc = Doc::new(text);
        let entities: Vec<Entity> = names
            .iter()
            .map(|n| {
                let start = text.find(n).unwrap();
                Entity {
                    span: Span::new(start, start + n.len()),
                    label,
                }
            })
            .collect();
        let q = Quotes::new(None, Scope::Speech).find(&doc, &entities);
        (doc, q)
    }

    #[test]
    fn it_after_a_speaker_is_that_speaker() {
        let text = "\"Air defence worked,\" the air force said in a statement on Telegram. It added that debris had hit two homes.";
        let (doc, q) = quotes_with(text, &["Telegram"], EntityLabel::Org);
        let added = q
            .iter()
            .find(|q| q.cue.is_some_and(|c| doc.slice(c) == "added"))
            .unwrap();
        assert_eq!(added.speaker.as_ref().map(|s| s.name.as_str()), Some("air force"));
    }

    #[test]
    fn a_cue_paragraph_ending_in_a_colon_quotes_the_unmarked_paragraph_after_it() {
        let text = "The host spoke on Monday.\n\nLimbaugh added:\n\nAnd from a front-runner, this reeks of the greatest fear that I have ever seen.\n\nOne user tweeted:\n\n<tweet author=\"@a\">Hi all of you</tweet>";
        let (doc, q) = quotes_with(text, &["Limbaugh"], EntityLabel::Per);
        let block: Vec<(&str, &str, &str)> = q
            .iter()
            .filter(|q| q.cue.is_some_and(|c| doc.slice(c).ends_with(':')))
            .map(|q| {
                let speaker = q.speaker.as_ref().map_or("", |s| s.name.as_str());
                (doc.slice(q.cue.unwrap()), speaker, doc.slice(q.content))
            })
            .collect();
        assert_eq!(
            block,
            [(
                "added:",
                "Limbaugh",
                "And from a front-runner, this reeks of the greatest fear that I have ever seen."
            )]
        );
    }

    #[test]
    fn a_naming_verb_before_a_colon_introduces_the_quotation() {
        let text = "Writing in a blog post, Matthew Ingram dubbed the conflict: \"Scientology vs. the Internet, part XVII.\"";
        let (doc, q) = quotes_with(text, &["Matthew Ingram"], EntityLabel::Per);
        let direct = q.iter().find(|q| q.kind == QuoteKind::Direct).unwrap();
        assert_eq!(direct.cue.map(|c| doc.slice(c)), Some("dubbed"));
        assert_eq!(
            direct.speaker.as_ref().map(|s| s.name.as_str()),
            Some("Matthew Ingram")
        );
    }

    #[test]
    fn a_speech_verb_in_a_set_phrase_is_no_cue() {
        for text in [
            "Having said that, there is no plan to close the plant.",
            "That said, the plan is to close the plant next year.",
            "Needless to say, the plan is to close the plant next year.",
        ] {
            let (_, q) = quotes_with(text, &[], EntityLabel::Per);
            assert!(q.is_empty(), "{text}: {q:?}");
        }
        let text = "He put up a billboard that said, \"Welcome to the Games, all of you.\"";
        let (doc, q) = quotes_with(text, &[], EntityLabel::Per);
        assert!(
            q.iter().any(|q| q.cue.is_some_and(|c| doc.slice(c) == "said")),
            "{q:?}"
        );
    }

    #[test]
    fn a_participle_phrase_after_the_speaker_is_no_part_of_the_mention() {
        for (text, mention) in [
            (
                "Senator Ann Kirk, facing a spirited challenge in Iowa, said she would welcome Cruz.",
                "Senator Ann Kirk",
            ),
            (
                "Tom Hale, acting director of the agency, said the plant would close.",
                "Tom Hale, acting director of the agency",
            ),
        ] {
            let name = text.split(',').next().unwrap().trim_start_matches("Senator ");
            let (doc, q) = quotes_with(text, &[name], EntityLabel::Per);
            let m = q.iter().find_map(|q| q.speaker.as_ref()?.mention);
            assert_eq!(m.map(|m| doc.slice(m)), Some(mention), "{text}");
        }
    }

    #[test]
    fn a_cue_and_colon_before_a_quotation_own_it() {
        let doc = Doc::new("Dr Otto said: \"It matters.\" She added that it was bad.");
        let q = Quotes::new(None, Scope::Speech).find(&doc, &[]);
        let direct = q.iter().find(|q| q.kind == QuoteKind::Direct).unwrap();
        assert_eq!(direct.cue.map(|c| doc.slice(c)), Some("said"));
        let mention = direct.speaker.as_ref().and_then(|s| s.mention).unwrap();
        assert_eq!(doc.slice(mention), "Dr Otto");
    }

    #[test]
    fn according_to_a_person_and_their_apposition() {
        let text =
            "According to Dr Abdulkafi Alhamdo, a teacher in Idlib, at least 15 relatives were killed.";
        let (doc, q) = quotes_with(text, &["Abdulkafi Alhamdo"], EntityLabel::Per);
        assert_eq!(doc.slice(q[0].content), "at least 15 relatives were killed");
        let mention = q[0].speaker.as_ref().and_then(|s| s.mention).unwrap();
        assert_eq!(doc.slice(mention), "Dr Abdulkafi Alhamdo, a teacher in Idlib");
        // A clause after the comma is the content, not an apposition.
        let text = "According to Abdulkafi Alhamdo, a man was arrested, then freed.";
        let (doc, q) = quotes_with(text, &["Abdulkafi Alhamdo"], EntityLabel::Per);
        assert_eq!(doc.slice(q[0].content), "a man was arrested, then freed");
        // A relative clause describes the source.
        let text = "According to the health ministry, which is run by Hamas, 11,000 people have been killed.";
        let (doc, q) = quotes_with(text, &["Hamas"], EntityLabel::Org);
        assert_eq!(doc.slice(q[0].content), "11,000 people have been killed");
    }

    #[test]
    fn according_to_a_body_named_in_apposition() {
        let quote = |text: &str, orgs: &[&str]| {
            let (doc, q) = quotes_with(text, orgs, EntityLabel::Org);
            let speaker = q[0].speaker.clone().unwrap();
            (
                doc.slice(q[0].content).to_string(),
                speaker.name,
                doc.slice(speaker.mention.unwrap()).to_string(),
            )
        };
        assert_eq!(
            quote(
                "Some 600,000 people have fled, according to the UN refugee agency, UNHCR.",
                &["UN", "UNHCR"]
            ),
            (
                "Some 600,000 people have fled".to_string(),
                "UNHCR".to_string(),
                "the UN refugee agency, UNHCR".to_string()
            )
        );
        assert_eq!(
            quote(
                "According to the UN's humanitarian office, OCHA, 1.2 million people need food.",
                &["UN", "OCHA"]
            ),
            (
                "1.2 million people need food".to_string(),
                "OCHA".to_string(),
                "the UN's humanitarian office, OCHA".to_string()
            )
        );
    }

    #[test]
    fn told_a_named_object_reports_what_follows_the_name() {
        let contents = |text: &str, names: &[&str]| {
            let (doc, q) = quotes_with(text, names, EntityLabel::Org);
            q.iter()
                .map(|q| doc.slice(q.content).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            contents(
                "A doctor told Reuters the hospital had received 23 bodies.",
                &["Reuters"]
            ),
            ["the hospital had received 23 bodies"]
        );
        assert_eq!(
            contents(
                "Mr Mukasey told the Republican National Convention that Clinton had lied.",
                &["Republican National Convention"]
            ),
            ["Clinton had lied"]
        );
        // A name modifying the object is not the object.
        assert_eq!(
            contents(
                "Melania Trump tells Trump supporters that he loves them.",
                &["Trump supporters"][..0]
            ),
            ["he loves them"]
        );
    }

    #[test]
    fn a_plural_present_cue_reports_only_a_that_clause() {
        let q = rule_quotes("Rescue workers estimate that 50 people die each week.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "50 people die each week");
        for text in [
            "The candidate did not supply an overall cost estimate for his plans this year.",
            "The president wants to warn that the vote will be close.",
        ] {
            assert!(rule_quotes(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_reported_clause_keeps_the_closing_mark_of_its_quotation() {
        let q = rule_quotes("Dr Tarakji said the figure was \"the tip of the iceberg\".");
        assert_eq!(q[0].0, "the figure was \"the tip of the iceberg\"");
        let q = rule_quotes("The fact-checkers said that the statement was “true.”");
        assert_eq!(q[0].0, "the statement was “true.”");
        let q = rule_quotes("The agency said the plan would cost 40 billion dollars.");
        assert_eq!(q[0].0, "the plan would cost 40 billion dollars");
    }

    #[test]
    fn a_reporting_word_after_a_determiner_is_no_cue() {
        let doc = Doc::new("“We will win this race,” the former secretary of state told reporters.");
        let q = Quotes::new(None, Scope::Speech).find(&doc, &[]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].cue.map(|c| doc.slice(c)), Some("told"));
    }

    #[test]
    fn words_between_the_cue_and_a_quotation_make_a_mixed_quote() {
        let doc = Doc::new("Clinton says Trump’s “latest twitter meltdown is unhinged, even for him.”");
        let q = Quotes::new(None, Scope::Speech).find(&doc, &[]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].kind, QuoteKind::Mixed);
        assert_eq!(
            doc.slice(q[0].content),
            "Trump’s “latest twitter meltdown is unhinged, even for him.”"
        );
        assert_eq!(q[0].cue.map(|c| doc.slice(c)), Some("says"));
        // Right after the cue, a comma or a colon, a quotation is a direct quote.
        for text in ["She said: “We will stay here.”", "She said, “We will stay here.”"] {
            let doc = Doc::new(text);
            let q = Quotes::new(None, Scope::Speech).find(&doc, &[]);
            assert_eq!(q.len(), 1, "{text}");
            assert_eq!(q[0].kind, QuoteKind::Direct, "{text}");
        }
    }

    #[test]
    fn a_speech_word_after_a_modifier_is_no_cue_before_a_quote() {
        let doc = Doc::new(
            "His late-night tweets: “I will never stop fighting for the people of this country, whatever \
             they say about me.”",
        );
        let q = Quotes::new(None, Scope::Speech).find(&doc, &[]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].cue, None);
    }

    #[test]
    fn a_capitalised_speech_word_is_a_name() {
        let doc = Doc::new(
            "He told reporters in the United States: “We will not stand by while civilians die, and we \
             will act very soon.”",
        );
        let q = Quotes::new(None, Scope::Speech).find(&doc, &[]);
        assert_eq!(q[0].cue.map(|c| doc.slice(c)), Some("told"));
    }

    #[test]
    fn reported_speech_after_a_comma_names_its_speaker() {
        let q = rule_quotes("Prices rose sharply in the north last year, the agency said.");
        assert_eq!(
            q,
            vec![(
                "Prices rose sharply in the north last year".to_string(),
                Some("agency".to_string())
            )]
        );
    }

    #[test]
    fn a_second_reporting_verb_in_the_sentence_starts_a_second_quote() {
        let text = "Merrill says Machado promised to keep supporting Clinton and said she would stand up to the attacks. \
                    Rendell argued the rules should change, but he said that discussion should wait until after the vote. \
                    He said the plan was sound, adding that costs would fall next year.";
        let found = quotes_with_people(text, &[(0, "Merrill"), (101, "Rendell")]);
        assert_eq!(
            found,
            pairs(&[
                ("Machado promised to keep supporting Clinton", "Merrill"),
                ("she would stand up to the attacks", "Merrill"),
                ("the rules should change", "Rendell"),
                ("discussion should wait until after the vote", "Rendell"),
                ("the plan was sound", "Rendell"),
                ("costs would fall next year", "Rendell"),
            ])
        );
    }

    #[test]
    fn a_description_after_a_quotation_and_its_cue_is_the_speaker() {
        let text = "Sudan: ‘We have nothing left’, say families fleeing El Fasher\n\n\
                    “The next 48 hours are critical,” said a source close to the negotiations.";
        let at = text.find("El Fasher").unwrap();
        let found = quotes_with_people(text, &[(at, "El Fasher")]);
        assert_eq!(
            found,
            pairs(&[
                ("We have nothing left", "families"),
                ("The next 48 hours are critical,", "source"),
            ])
        );
    }

    #[test]
    fn a_name_given_in_a_relative_clause_is_its_subjects_words() {
        let text =
            "A former minister was jailed, in what the judge described as \"a gross breach of trust\". \
                    The plan, which the minister called \"a disaster\", was dropped.";
        assert_eq!(
            rule_quotes(text),
            vec![
                (
                    "as \"a gross breach of trust\"".to_string(),
                    Some("judge".to_string())
                ),
                ("\"a disaster\"".to_string(), Some("minister".to_string())),
            ]
        );
    }

    #[test]
    fn a_contrast_after_a_comma_opens_another_partys_report() {
        let text = "The government said it would spend more on flood defences, but campaigners said the money was not enough. \
                    Police said the man had been arrested, while his family said he was innocent. \
                    Officials said the meeting went well, and any walkouts were either called off or went unnoticed.";
        assert_eq!(
            rule_quotes(text),
            vec![
                (
                    "it would spend more on flood defences".to_string(),
                    Some("government".to_string())
                ),
                (
                    "the money was not enough".to_string(),
                    Some("campaigners".to_string())
                ),
                (
                    "the man had been arrested".to_string(),
                    Some("Police".to_string())
                ),
                ("he was innocent".to_string(), Some("family".to_string())),
                (
                    "the meeting went well, and any walkouts were either called off or went unnoticed"
                        .to_string(),
                    Some("Officials".to_string())
                ),
            ]
        );
    }

    #[test]
    fn a_participle_after_a_comma_reports_the_name_opening_the_sentence() {
        let text =
            "Donald Trump is defending his tweets, saying that they show he would be awake for a call.";
        let found = quotes_with_people(text, &[(0, "Donald Trump")]);
        assert_eq!(
            found,
            pairs(&[("they show he would be awake for a call", "Donald Trump")])
        );
        // No name opens the sentence: the rules leave it (the tagger may still find it).
        let text = "A judge in New York rejected the request, saying the courts have no business in it.";
        assert!(quotes_with_people(text, &[]).is_empty());
        // A short clause before the comma reports nothing of its own, and a place may open it.
        let text = "Russia responded, saying the escalation is due to terrorists.";
        let doc = Doc::new(text);
        let russia = [Entity {
            span: Span::new(0, 6),
            label: crate::EntityLabel::Loc,
        }];
        let found = Quotes::new(None, Scope::Speech).find(&doc, &russia);
        assert_eq!(found.len(), 1);
        assert_eq!(doc.slice(found[0].content), "the escalation is due to terrorists");
        assert_eq!(found[0].speaker.as_ref().map(|s| s.name.as_str()), Some("Russia"));
        // A longer clause's own reporting verb keeps its words; a quotation keeps its closing mark.
        let text =
            "Mr. Trump intends to speak in Washington, Mr. Manafort said, adding that he would hold events.";
        let people = [(4, "Trump"), (text.find("Manafort").unwrap(), "Manafort")];
        let found = quotes_with_people(text, &people);
        assert!(
            !found.is_empty() && found.iter().all(|(_, who)| who == "Manafort"),
            "{found:?}"
        );
        // A short description opening the sentence.
        let found = quotes_with_people(
            "The ministry issued a statement, saying the strikes had stopped.",
            &[],
        );
        assert_eq!(found, pairs(&[("the strikes had stopped", "ministry")]));
        let text = "Mr. Obama used stronger language, saying the group \"must be destroyed.\"";
        let found = quotes_with_people(text, &[(4, "Obama")]);
        assert_eq!(found, pairs(&[("the group \"must be destroyed.\"", "Obama")]));
        // Titles and capitalised words before the name.
        let text = "Prime Minister Shehbaz Sharif has appealed for help, saying the scale was unprecedented.";
        let found = quotes_with_people(text, &[(text.find("Shehbaz").unwrap(), "Shehbaz Sharif")]);
        assert_eq!(found, pairs(&[("the scale was unprecedented", "Shehbaz Sharif")]));
        // Where it was said is no part of what was said; "adding to" reports nothing.
        let text = "Mr. Trump lashed out, saying in a tweet that more lawsuits will be filed.";
        let found = quotes_with_people(text, &[(4, "Trump")]);
        assert_eq!(found, pairs(&[("more lawsuits will be filed", "Trump")]));
        let text = "Hillary Clinton won the primary, adding to her sizable delegate lead.";
        assert!(quotes_with_people(text, &[(0, "Hillary Clinton")]).is_empty());
    }

    #[test]
    fn the_preposition_after_warned_is_part_of_the_cue() {
        let text = "Mr. Smith warned of outbreaks of cholera in the coming weeks.";
        let doc = Doc::new(text);
        let people = [Entity {
            span: Span::new(4, 9),
            label: crate::EntityLabel::Per,
        }];
        let found = Quotes::new(None, Scope::Speech).find(&doc, &people);
        assert_eq!(found.len(), 1);
        assert_eq!(doc.slice(found[0].cue.unwrap()), "warned of");
        assert_eq!(
            doc.slice(found[0].content),
            "outbreaks of cholera in the coming weeks"
        );
        // "said of him" names whom it was said of, not what.
        let text = "Mr. Smith said of the plan that it would fail.";
        let found = quotes_with_people(text, &[(4, "Smith")]);
        assert_eq!(found, pairs(&[("of the plan that it would fail", "Smith")]));
    }

    #[test]
    fn a_one_word_object_before_a_second_report_is_its_own_content() {
        let text = "The RSF denied involvement and said the army was lying about the attack.";
        let doc = Doc::new(text);
        let rsf = [Entity {
            span: Span::new(4, 7),
            label: crate::EntityLabel::Org,
        }];
        let found = Quotes::new(None, Scope::Speech).find(&doc, &rsf);
        let contents: Vec<&str> = found.iter().map(|q| doc.slice(q.content)).collect();
        assert_eq!(contents, ["involvement", "the army was lying about the attack"]);
    }

    #[test]
    fn a_quotation_after_when_it_was_said_and_a_colon_is_one_direct_quote() {
        let text = "Paul Green said after the hearing: \"This was a calculated fraud. I hope it helps.\"";
        let found = quotes_with_people(text, &[(0, "Paul Green")]);
        assert_eq!(
            found,
            pairs(&[("This was a calculated fraud. I hope it helps.", "Paul Green")])
        );
    }

    #[test]
    fn where_a_quotation_was_said_is_no_reported_clause() {
        let text = "\"I take full responsibility,\" she said in a letter to the prime minister published on Tuesday.";
        let found = rule_quotes(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "I take full responsibility,");
        let text =
            "\"Every week there is a new scandal,\" Mr Starmer told MPs during prime minister's questions.";
        let found = quotes_with_people(text, &[(text.find("Starmer").unwrap(), "Starmer")]);
        assert_eq!(found, pairs(&[("Every week there is a new scandal,", "Starmer")]));
    }

    #[test]
    fn a_second_report_after_where_a_quotation_was_said_is_kept() {
        let text = "\"Vetting is one thing,\" Carson said on NBC, but he said he is being asked about old incidents.";
        let found = quotes_with_people(text, &[(text.find("Carson").unwrap(), "Carson")]);
        assert!(
            found
                .iter()
                .any(|(c, _)| c == "he is being asked about old incidents"),
            "{found:?}"
        );
        let text = "\"I wish him well,\" Mr. Trump said on MSNBC, adding that his son is a friend.";
        let found = quotes_with_people(text, &[(text.find("Trump").unwrap(), "Trump")]);
        assert!(
            found
                .iter()
                .any(|(c, who)| c == "his son is a friend" && who == "Trump"),
            "{found:?}"
        );
    }

    #[test]
    fn a_figure_given_for_something_is_its_givers_claim() {
        let text = "The health ministry put the death toll at 45.";
        assert_eq!(
            rule_quotes(text),
            [(
                "the death toll at 45".to_string(),
                Some("health ministry".to_string())
            )]
        );
        let text = "Officials estimate the damage at more than $5bn, though insurers put it lower.";
        assert_eq!(rule_quotes(text)[0].0, "the damage at more than $5bn");
        // Not any "put" or "estimate".
        assert!(rule_quotes("The minister put the plan at the heart of his speech.").is_empty());
        assert!(rule_quotes("Officials estimate costs in a report.").is_empty());
    }

    #[test]
    fn declining_to_comment_is_no_speech_cue() {
        let doc = Doc::new("The company declined to comment on the report. She said no.");
        let cue = |w: &str| {
            let t = nth_token(&doc, w, 0);
            Some(Span::new(doc.tokens[t].span.start, doc.tokens[t + 3].span.end))
        };
        assert!(!speech_cue(&doc, cue("declined")));
        let said = nth_token(&doc, "said", 0);
        assert!(speech_cue(&doc, Some(doc.tokens[said].span)));
    }

    #[test]
    fn an_as_clause_reports_the_clause_outside_it() {
        let text = "As The Times reported on Saturday, Mr. Ailes has emerged as an adviser.";
        let found = quotes_with_people(text, &[(3, "The Times")]);
        assert_eq!(
            found,
            pairs(&[("Mr. Ailes has emerged as an adviser", "The Times")])
        );
        let text = "Mr. Hannity discussed a walkout, as Breitbart reported a few days later.";
        let at = text.find("Breitbart").unwrap();
        let found = quotes_with_people(text, &[(at, "Breitbart")]);
        assert_eq!(found, pairs(&[("Mr. Hannity discussed a walkout", "Breitbart")]));
        // A headline: the name after "as" is the speaker, not the clause before it.
        let text = "More than 1,100 killed as UN warns of 'climate catastrophe' in Pakistan";
        let at = text.find("UN").unwrap();
        let doc = Doc::new(text);
        let un = [Entity {
            span: Span::new(at, at + 2),
            label: crate::EntityLabel::Org,
        }];
        let found = Quotes::new(None, Scope::Speech).find(&doc, &un);
        assert_eq!(found.len(), 1);
        let mention = found[0].speaker.as_ref().and_then(|s| s.mention).unwrap();
        assert_eq!(doc.slice(mention), "UN");
    }

    #[test]
    fn a_speakers_mention_is_the_whole_subject_phrase() {
        let mention_of = |text: &str, name: &str| {
            let doc = Doc::new(text);
            let start = text.find(name).unwrap();
            let entities = [Entity {
                span: Span::new(start, start + name.len()),
                label: crate::EntityLabel::Per,
            }];
            let quotes = Quotes::new(None, Scope::Speech).find(&doc, &entities);
            let sp = quotes[0].speaker.clone().unwrap();
            (sp.name, doc.slice(sp.mention.unwrap()).to_string())
        };
        let (name, mention) = mention_of(
            "Rep. Gwen Moore (D-Wis.), head of the caucus, said the plan would fail.",
            "Gwen Moore",
        );
        assert_eq!(name, "Gwen Moore");
        assert_eq!(mention, "Rep. Gwen Moore (D-Wis.), head of the caucus");
        // An adverbial before the name or between commas is no part of it.
        let (_, mention) = mention_of(
            "In a radio interview Abdulkafi Alhamdo, in remarks to reporters, said the siege would go on.",
            "Abdulkafi Alhamdo",
        );
        assert_eq!(mention, "Abdulkafi Alhamdo");
        // Named after the verb, the speaker's apposition runs to the end of the sentence.
        let (_, mention) = mention_of(
            "\"The plan will fail,\" said Kenneth Baer, a former official who runs a consultancy. He left.",
            "Kenneth Baer",
        );
        assert_eq!(mention, "Kenneth Baer, a former official who runs a consultancy");
    }

    #[test]
    fn a_quote_left_open_goes_on_to_the_closing_mark_of_the_next_paragraph() {
        let text = "After the match, Hernan Gomez said, \"We learned a lot today.\n\n\
                    It was a very emotional day.\" After that, the coach Nabil Maaloul said, \"We played well.\"";
        let found = quotes_with_people(
            text,
            &[
                (17, "Hernan Gomez"),
                (text.find("Nabil").unwrap(), "Nabil Maaloul"),
            ],
        );
        assert_eq!(
            found,
            pairs(&[
                ("We learned a lot today.", "Hernan Gomez"),
                ("It was a very emotional day.", "Hernan Gomez"),
                ("We played well.", "Nabil Maaloul"),
            ])
        );
        // Without a quote left open, a closing mark opens nothing.
        let found = quotes_with_people("He left.\n\nIt was a long day.\" Then he slept.", &[]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_name_closing_a_quote_in_its_own_paragraph_is_its_speaker() {
        let text = "\"I worry that we may see a resurgence of austerity.\nDean Baker, Center for Economic and Policy Research.\"";
        let doc = Doc::new(text);
        let start = text.find("Dean Baker").unwrap();
        let entities = [Entity {
            span: Span::new(start, start + "Dean Baker".len()),
            label: crate::EntityLabel::Per,
        }];
        let quotes = Quotes::new(None, Scope::Speech).find(&doc, &entities);
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        let sp = quotes[0].speaker.clone().unwrap();
        assert_eq!(sp.name, "Dean Baker");
        assert_eq!(
            doc.slice(sp.mention.unwrap()),
            "Dean Baker, Center for Economic and Policy Research"
        );
        assert_eq!(
            doc.slice(quotes[0].content),
            "I worry that we may see a resurgence of austerity."
        );
    }

    #[test]
    fn a_reporting_word_after_a_determiner_is_a_noun() {
        let text = "Following initial reports of the explosion, Donald Trump said that a bomb had gone off.";
        let found = quotes_with_people(text, &[(44, "Donald Trump")]);
        assert_eq!(found, pairs(&[("a bomb had gone off", "Donald Trump")]));
        // "states" and "show" as nouns or in "to show", "show up"; "Having said that"; the object
        // of a verb, a counted or hyphen-modified noun, a name given with "called".
        for text in [
            "The ethnic vote in several battleground states could be decisive in a close election.",
            "The bias begins to show when looking at how the website rated this statement.",
            "Having said that, there are some reasons to doubt that taxes should be low.",
            "The Rev. Al Sharpton began taking calls from listeners who had misgivings about the plan.",
            "Nearly 18 states sued the agency over the rule and its costs this year.",
            "The program, called EB-5, allows foreign investors to gain citizenship.",
        ] {
            let found = quotes_with_people(text, &[]);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn a_chunk_between_a_titled_name_and_the_verb_describes_the_name() {
        // The recogniser's span may hold the title ("Mr. Tom Molomby").
        let found = quotes_with_people(
            "Mr. Tom Molomby, SC, said the case would fail on appeal.",
            &[(0, "Mr. Tom Molomby")],
        );
        assert_eq!(found, pairs(&[("the case would fail on appeal", "Tom Molomby")]));
    }

    #[test]
    fn a_clause_opening_conjunction_is_no_part_of_the_speaker() {
        let found = quotes_with_people(
            "But Mr. Obama said the exhibits would put those problems into context.",
            &[(8, "Obama")],
        );
        assert_eq!(
            found,
            pairs(&[("the exhibits would put those problems into context", "Obama")])
        );
    }

    #[test]
    fn a_verb_in_a_clause_before_the_subject_is_no_cue() {
        let found = quotes_with_people(
            "Back when he wrote his book, Mr. McKinley said that he considered debt a last resort.",
            &[(33, "McKinley")],
        );
        assert_eq!(found, pairs(&[("he considered debt a last resort", "McKinley")]));
    }

    #[test]
    fn a_dash_and_a_name_closing_the_paragraph_attribute_the_quote() {
        let text = "Readers wrote in.\n\n“He represents our greatest shame.” ― Sonya Herridge\n\n\
                    “He is ignorant of our lives.”— Pamela Padilla.\n\n\
                    \"But it's a long game.\" - Matthew Ingram\n\n\
                    “A fight — and a hard one,” it said, “is ahead.” — and more words follow here.";
        let people: Vec<(usize, &str)> = ["Sonya Herridge", "Pamela Padilla", "Matthew Ingram"]
            .iter()
            .map(|&n| (text.find(n).unwrap(), n))
            .collect();
        let q = quotes_with_people(text, &people);
        assert_eq!(
            q[..3],
            pairs(&[
                ("He represents our greatest shame.", "Sonya Herridge"),
                ("He is ignorant of our lives.", "Pamela Padilla"),
                ("But it's a long game.", "Matthew Ingram"),
            ])[..]
        );
        assert!(
            q[3..].iter().all(|(_, s)| s != "more words"),
            "a dash before lower-case words is no byline: {q:?}"
        );
    }

    #[test]
    fn a_pronoun_skips_people_a_title_shows_to_be_of_the_other_sex() {
        let text = "Ms Sonia Khush runs the charity. Mr Ahmed Hassan leads the council.\n\n\"It is a \
                    nightmare,\" she said.\n\n\"We need help,\" he said.";
        let people = [(3, "Sonia Khush"), (36, "Ahmed Hassan")];
        assert_eq!(&text[36..48], "Ahmed Hassan");
        assert_eq!(
            quotes_with_people(text, &people),
            pairs(&[
                ("It is a nightmare,", "Sonia Khush"),
                ("We need help,", "Ahmed Hassan")
            ])
        );
    }

    #[test]
    fn a_pronoun_skips_people_their_own_pronouns_show_to_be_of_the_other_sex() {
        let text = "Gloria fell ill and her skin broke. Gloria lost her appetite.\n\n\
                    Thomas was asked to help Gloria, but he replied \"I am not able to do that.\"";
        let at = |nth: usize, name: &str| text.match_indices(name).nth(nth).unwrap().0;
        let people = [
            (at(0, "Gloria"), "Gloria"),
            (at(1, "Gloria"), "Gloria"),
            (at(0, "Thomas"), "Thomas"),
            (at(2, "Gloria"), "Gloria"),
        ];
        assert_eq!(
            quotes_with_people(text, &people),
            pairs(&[("I am not able to do that.", "Thomas")])
        );
    }

    #[test]
    fn a_pronoun_skips_a_name_placed_in_a_persons_apposition() {
        let text = "Um Mahmoud, a mother of four from Hama, has lived in a camp for three years.\n\n\
                    \"The water came in at night,\" she told ITV News.";
        let people: Vec<(usize, &str)> = ["Um Mahmoud", "Hama"]
            .iter()
            .map(|p| (text.find(p).unwrap(), *p))
            .collect();
        assert_eq!(
            quotes_with_people(text, &people),
            pairs(&[("The water came in at night,", "Um Mahmoud")])
        );
    }

    /// (content, speaker name) of each rule quote of `text`, whose people sit at these byte offsets.
    fn quotes_with_people(text: &str, people: &[(usize, &str)]) -> Vec<(String, String)> {
        let doc = Doc::new(text);
        let entities: Vec<Entity> = people
            .iter()
            .map(|&(start, name)| Entity {
                span: Span::new(start, start + name.len()),
                label: crate::EntityLabel::Per,
            })
            .collect();
        Quotes::new(None, Scope::Speech)
            .find(&doc, &entities)
            .iter()
            .map(|q| {
                (
                    doc.slice(q.content).to_string(),
                    q.speaker.as_ref().map_or(String::new(), |s| s.name.clone()),
                )
            })
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|&(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_headline_quotation_repeated_in_the_article_takes_its_speaker() {
        let body = "\n\n\"We lost everything in one night,\" farmer Ghulam Rasool said.";
        let speakers = |headline: &str, people: &[&str]| {
            let text = format!("{headline}{body}");
            let people: Vec<(usize, &str)> = people.iter().map(|p| (text.find(p).unwrap(), *p)).collect();
            quotes_with_people(&text, &people)
                .into_iter()
                .map(|(_, speaker)| speaker)
                .collect::<Vec<_>>()
        };
        // The phrase before the colon names the story, not who spoke.
        assert_eq!(
            speakers(
                "Floods in Pakistan: \"We lost everything in one night\"",
                &["Ghulam Rasool"]
            ),
            ["Ghulam Rasool", "Ghulam Rasool"]
        );
        // A person named there keeps the words.
        assert_eq!(
            speakers(
                "Amina Bibi: \"We lost everything in one night\"",
                &["Amina Bibi", "Ghulam Rasool"]
            ),
            ["Amina Bibi", "Ghulam Rasool"]
        );
    }

    #[test]
    fn a_named_subject_with_an_apposition_reports_what_follows_its_verb() {
        // Not "…, said [the water rose]": the farmer said that the water rose.
        let lead = "The agency said on Monday that 399 children had died.\n\n";
        for body in [
            "Farmer Ghulam Rasool, 54, said the water rose.",
            "Speaking to reporters from a camp in Sukkur, farmer Ghulam Rasool, 54, said the water rose.",
            // A bare noun after the verb, a verb after it.
            "The charity's head of mission, Ghulam Rasool, said water was short.",
        ] {
            let text = format!("{lead}{body}");
            let found = quotes_with_people(&text, &[(text.find("Ghulam").unwrap(), "Ghulam Rasool")]);
            let content = body.rsplit("said ").next().unwrap().trim_end_matches('.');
            assert_eq!(
                found[1],
                (content.to_string(), "Ghulam Rasool".to_string()),
                "{body}"
            );
        }
        // A title before the name in the apposition: the name is the speaker.
        let text = "Its medical director, Professor Sir Stephen Powis, warned that wards would close.";
        let found = quotes_with_people(text, &[(text.find("Stephen").unwrap(), "Stephen Powis")]);
        assert_eq!(found, pairs(&[("wards would close", "Stephen Powis")]));
        // A person named in apposition to the description after the verb is the speaker.
        let text =
            "\"Forty patients arrive each day,\" said the charity's coordinator, Claire Nicolet. She said it was hard.";
        let found = quotes_with_people(text, &[(text.find("Claire").unwrap(), "Claire Nicolet")]);
        assert_eq!(
            found,
            pairs(&[
                ("Forty patients arrive each day,", "Claire Nicolet"),
                ("it was hard", "Claire Nicolet")
            ])
        );
        // The inverted order stays where no named subject comes before the verb.
        let text = "The plan would hurt farmers, said a spokesman.";
        assert_eq!(
            quotes_with_people(text, &[]),
            pairs(&[("The plan would hurt farmers", "spokesman")])
        );
    }

    #[test]
    fn a_name_inside_quoted_words_is_no_antecedent_of_a_pronoun() {
        let text = "Kristen Wilkins said, \"Warhol liked the way photo booths looked.\" She explained that the camera revealed his process.";
        let people = [(0, "Kristen Wilkins"), (text.find("Warhol").unwrap(), "Warhol")];
        assert_eq!(
            quotes_with_people(text, &people),
            pairs(&[
                ("Warhol liked the way photo booths looked.", "Kristen Wilkins"),
                ("the camera revealed his process", "Kristen Wilkins")
            ])
        );
    }

    #[test]
    fn transcript_turns_are_quotes_of_the_person_their_label_names() {
        let text = "Mike Pence spoke to the host on Sunday.\n\n\"WALLACE: Let’s start with the debate. Will she be there?\n\n\"PENCE: Well, look, she will not be “anywhere near” the hall.\n\nWALLACE: Thank you, governor.\n\nUPDATE: This story was corrected.\n\nDATA: not a turn.\n\nUPDATE: Corrected again.";
        let people = [(text.find("Mike Pence").unwrap(), "Mike Pence")];
        assert_eq!(
            quotes_with_people(text, &people),
            pairs(&[
                ("Let’s start with the debate. Will she be there?", "Wallace"),
                (
                    "Well, look, she will not be “anywhere near” the hall.",
                    "Mike Pence"
                ),
                ("Thank you, governor.", "Wallace"),
            ])
        );
        let doc = Doc::new(text);
        let turn = transcript_turn(&doc, doc.paragraphs[2].span).unwrap();
        assert_eq!((doc.slice(turn.0), doc.slice(turn.1)), ("PENCE", ":"));
    }

    #[test]
    fn one_repeated_label_alone_is_no_dialogue() {
        let text = "The council met.\n\nBRIEFING: Roads close at noon.\n\nBRIEFING: Schools stay open.";
        assert_eq!(quotes_with_people(text, &[]), Vec::<(String, String)>::new());
    }

    #[test]
    fn a_colon_after_ordinary_words_is_no_transcript_turn() {
        for text in [
            "Mr Smith said: “We will go.”",
            "THE UN SECURITY COUNCIL MET: no turn.",
            "Note: Mike Pence spoke.",
        ] {
            let doc = Doc::new(text);
            assert!(transcript_turn(&doc, doc.paragraphs[0].span).is_none(), "{text}");
        }
    }

    #[test]
    fn a_speaker_between_commas_after_the_verb_owns_the_sentence() {
        let text = "Recipients, said K.C. Maurer, must show the photographs every ten years.\n\nPrices will rise, said Maurer, who runs the programme.";
        let people = [
            (text.find("K.C. Maurer").unwrap(), "K.C. Maurer"),
            (text.rfind("Maurer").unwrap(), "Maurer"),
        ];
        assert_eq!(
            quotes_with_people(text, &people),
            pairs(&[
                (
                    "Recipients, said K.C. Maurer, must show the photographs every ten years",
                    "K.C. Maurer"
                ),
                ("Prices will rise", "K.C. Maurer")
            ])
        );
    }

    #[test]
    fn a_denied_statement_is_no_cue_and_the_next_verb_is() {
        let q = rule_quotes(
            "Officials have not said why the visas were denied; the ambassador says there were concerns about the trip.",
        );
        assert_eq!(
            q,
            vec![(
                "there were concerns about the trip".to_string(),
                Some("ambassador".to_string())
            )]
        );
        assert!(rule_quotes("The minister did n't say when the talks would resume.").is_empty());
    }

    #[test]
    fn stressing_and_recommending_report_speech() {
        assert_eq!(
            rule_quotes("The minister stressed that the talks would resume next week."),
            vec![(
                "the talks would resume next week".to_string(),
                Some("minister".to_string())
            )]
        );
        assert_eq!(
            rule_quotes("The agency recommends every country should iodise its salt."),
            vec![(
                "every country should iodise its salt".to_string(),
                Some("agency".to_string())
            )]
        );
    }

    #[test]
    fn a_passive_with_an_adverb_reports_nobody() {
        assert!(rule_quotes("They were twice denied visas to enter the United States.").is_empty());
        assert!(rule_quotes("The parents are also accused of putting their social life first.").is_empty());
    }

    #[test]
    fn a_capitalised_word_inside_a_sentence_is_no_reporting_verb() {
        assert!(rule_quotes(
            "The team appealed to the United States National Security Council to help the girls enter the country."
        )
        .is_empty());
    }

    #[test]
    fn speech_cues_exclude_thoughts_and_intentions() {
        let doc = Doc::new("He said it. She wants it. According to them. X: y.");
        let span = |w: &str| {
            let t = (0..doc.tokens.len()).find(|&t| doc.token_text(t) == w).unwrap();
            Some(doc.tokens[t].span)
        };
        assert!(speech_cue(&doc, span("said")));
        assert!(!speech_cue(&doc, span("wants")));
        assert!(speech_cue(&doc, span("According")));
        assert!(speech_cue(&doc, span(":")));
        let doc = Doc::new("Officials have not said why.");
        let cue = Span::new(doc.text().find("have").unwrap(), doc.text().find(" why").unwrap());
        assert_eq!(doc.slice(cue), "have not said");
        assert!(!speech_cue(&doc, Some(cue)), "a denied statement is no speech");
    }

    #[test]
    fn a_statement_someone_declined_to_make_is_no_quote() {
        for text in [
            "A spokeswoman declined to say how much money had been repaid.",
            "The company refused to say whether staff had been paid.",
        ] {
            assert!(rule_quotes(text).is_empty(), "{text}");
        }
        assert_eq!(
            rule_quotes("A spokeswoman said the money had been repaid.").len(),
            1
        );
    }

    /// The first occurrence of `s` in `text`.
    fn span_in(text: &str, s: &str) -> Span {
        let a = text.find(s).unwrap();
        Span::new(a, a + s.len())
    }

    /// A person speaker named at the first occurrence of `name` in `text`.
    fn person_named_in(text: &str, name: &str) -> Speaker {
        Speaker {
            name: name.into(),
            label: "PER".into(),
            entity: None,
            mention: Some(span_in(text, name)),
        }
    }

    /// A quote whose content and cue are the first occurrences of those words in `text`.
    fn quote_in(text: &str, kind: QuoteKind, content: &str, cue: &str, speaker: Option<Speaker>) -> Quote {
        Quote {
            kind,
            content: span_in(text, content),
            cue: Some(span_in(text, cue)),
            speaker,
        }
    }

    #[test]
    fn a_quote_opening_the_next_sentence_continues_the_cued_quote() {
        let text = "“It’s finished,” she said of the election, in which she was sure he would win. \
                    “In my head, anyway.”";
        let doc = Doc::new(text);
        let q = Quotes::new(None, Scope::Speech).find(&doc, &[]);
        let second = q
            .iter()
            .find(|q| doc.slice(q.content) == "In my head, anyway.")
            .unwrap();
        assert_eq!(second.cue.map(|c| doc.slice(c)), Some("said"));
        assert_eq!(second.cue, q[0].cue, "one attribution, two fragments");
    }

    #[test]
    fn a_cue_between_two_quotes_keeps_its_clause_and_the_second_quote_goes_to_the_first() {
        let text = "“CNN had 23 million people,” Trump said, referring to the debate. \
                    “How about we do this for CNN?”";
        let doc = Doc::new(text);
        let trump = Some(person_named_in(text, "Trump"));
        let quote = |content: &str, cue: &str| quote_in(text, QuoteKind::Direct, content, cue, trump.clone());
        // As the tagger reads it: the participle takes the second quote for its content.
        let mut quotes = vec![
            quote("CNN had 23 million people,", "said"),
            quote("How about we do this for CNN?", "referring to"),
        ];
        sandwiched_quotes(&doc, &mut quotes);
        let found: Vec<(&str, &str)> = quotes
            .iter()
            .map(|q| (doc.slice(q.content), doc.slice(q.cue.unwrap())))
            .collect();
        assert_eq!(
            found,
            [
                ("CNN had 23 million people,", "said"),
                ("the debate", "referring to"),
                ("How about we do this for CNN?", "said"),
            ]
        );
    }

    #[test]
    fn a_participle_opening_a_sentence_has_the_speaker_of_the_clause_it_leads_to() {
        let text = "Citing a theory, Trump accused Cruz of lying. He left, citing a poll.";
        let doc = Doc::new(text);
        let quote =
            |content: &str, cue: &str, speaker| quote_in(text, QuoteKind::Indirect, content, cue, speaker);
        let mut quotes = vec![
            quote("a theory", "Citing", None),
            quote("Cruz of lying", "accused", Some(person_named_in(text, "Trump"))),
            quote("a poll", "citing", None),
        ];
        fronted_participle_speakers(&doc, &mut quotes);
        let mention = quotes[0].speaker.as_ref().and_then(|s| s.mention);
        assert_eq!(mention.map(|m| doc.slice(m)), Some("Trump"));
        assert!(quotes[2].speaker.is_none(), "a trailing participle is no opener");
    }

    #[test]
    fn a_poll_opening_a_sentence_is_the_source_of_what_follows() {
        let doc = Doc::new(
            "In a CNN national poll released Monday, Clinton held a 24-point lead over Obama.\n\n\
             In the latest survey, conducted in May, Trump led 47 percent to 39 percent.\n\n\
             In the wake of the report, Trump has portrayed himself as a manipulator of the tax code.",
        );
        let found: Vec<(&str, &str, &str)> = Quotes::new(None, Scope::Speech)
            .find(&doc, &[])
            .iter()
            .map(|q| {
                let mention = q
                    .speaker
                    .as_ref()
                    .and_then(|s| s.mention)
                    .map_or("", |m| doc.slice(m));
                (doc.slice(q.content), q.cue.map_or("", |c| doc.slice(c)), mention)
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "Clinton held a 24-point lead over Obama",
                    "In",
                    "a CNN national poll released Monday"
                ),
                (
                    "Trump led 47 percent to 39 percent",
                    "In",
                    "the latest survey, conducted in May"
                ),
            ]
        );
    }
}
