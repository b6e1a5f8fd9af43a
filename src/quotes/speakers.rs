//! Speaker naming within an article: the noun phrase that says something, canonical names for
//! short names and acronyms, titles dropped, pronouns resolved to the nearest compatible person.

use std::collections::HashMap;

use crate::doc::{SpanIndex, TokenKind};
use crate::{Doc, Entity, EntityLabel, Quote, Span, Speaker};

/// Titles and honorifics that are not part of a canonical name.
const TITLES: &[&str] = &[
    "Dr",
    "Dr.",
    "Doctor",
    "Prof",
    "Prof.",
    "Professor",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Miss",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "President",
    "Senator",
    "Sen.",
    "Rev",
    "Rev.",
    "Gen",
    "Gen.",
    "General",
    "Col",
    "Col.",
    "Captain",
    "Capt.",
    "Sheikh",
    "Imam",
    "Surgeon",
    "Activist",
    "Minister",
    "Chancellor",
    "Judge",
    "Administrator",
    "Governor",
    "Gov.",
    "Secretary",
    "Mayor",
    "Ambassador",
    "Commissioner",
    "Director",
    "Chairman",
    "Chairwoman",
    "Spokesman",
    "Spokeswoman",
    "Deputy",
    "Inspector",
    "Premier",
    "Prime",
    "Chief",
    "Coach",
    "Detective",
    "Sergeant",
    "Sgt.",
    "Lieutenant",
    "Lt.",
    "Lt",
    "Brig.",
    "Brig",
    "Brigadier",
    "Maj.",
    "Adm.",
    "Admiral",
    "Cmdr.",
    "Commander",
    "Cpl.",
    "Pvt.",
    "Spc.",
    "Rep.",
    "Reps.",
    "Sens.",
    "Representative",
    "Congressman",
    "Congresswoman",
    "Atty.",
    "Rt",
    "Hon",
    "Hon.",
    "Rabbi",
    "Bishop",
    "Archbishop",
    "Cardinal",
    "Sheriff",
    "Councillor",
    "Councilman",
    "Councilwoman",
    "Constable",
    "Superintendent",
    "Undersecretary",
    "CEO",
    "Home",
    "Foreign",
];

/// Participles of publishing, after which "by" names who published ("figures released by …").
fn publishing_word(w: &str) -> bool {
    matches!(
        w,
        "released" | "published" | "compiled" | "issued" | "provided" | "produced"
    )
}

/// Heads of a phrase owned by someone that speak for them ("Mr Johnson's spokesman", "Mrs.
/// Clinton's campaign", "his lawyers").
fn speaks_for(w: &str) -> bool {
    matches!(
        w,
        "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "campaign"
            | "aide"
            | "aides"
            | "adviser"
            | "advisers"
            | "advisor"
            | "advisors"
            | "lawyer"
            | "lawyers"
            | "attorney"
            | "attorneys"
            | "office"
            | "staff"
            | "supporters"
            | "allies"
            | "team"
            | "confidants"
            | "strategists"
            | "chief"
    )
}

/// Words that open a time after a phrase ("on Monday", "last week"), where a described body ends.
const WHEN_WORDS: &[&str] = &[
    "on",
    "in",
    "last",
    "this",
    "earlier",
    "yesterday",
    "today",
    "at",
    "for",
];

/// Words that open an apposition naming a role ("president of SAMS", "Director of Doctors Under Fire"):
/// the posts NER knows, and more roles and determiners.
fn role_word(w: &str) -> bool {
    crate::ner::post_word(w)
        || matches!(
            w.to_lowercase().as_str(),
            "minister"
                | "secretary"
                | "leader"
                | "professor"
                | "editor"
                | "correspondent"
                | "adviser"
                | "advisor"
                | "member"
                | "deputy"
                | "governor"
                | "mayor"
                | "ambassador"
                | "commissioner"
                | "surgeon"
                | "doctor"
                | "nurse"
                | "analyst"
                | "researcher"
                | "author"
                | "a"
                | "an"
                | "the"
                | "one"
        )
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// The label a description's head noun gives its speaker: ORG for bodies ("the ministry"), MISC
/// for documents and figures ("the report", "figures"), PER for people and anything else.
fn description_label(head: &str) -> &'static str {
    const BODIES: &[&str] = &[
        "ministry",
        "government",
        "agency",
        "company",
        "charity",
        "organisation",
        "organization",
        "group",
        "council",
        "committee",
        "court",
        "department",
        "office",
        "commission",
        "authority",
        "police",
        "army",
        "military",
        "campaign",
        "firm",
        "network",
        "union",
        "party",
        "administration",
        "embassy",
        "bank",
        "newspaper",
        "board",
        "panel",
        "team",
        "force",
        "navy",
        "service",
        "regime",
        "parliament",
        "senate",
        "congress",
        "cabinet",
        "coalition",
        "alliance",
        "federation",
        "association",
        "foundation",
        "institute",
        "university",
        "hospital",
        "mission",
        "observatory",
        "directorate",
        "secretariat",
        "kremlin",
        "presidency",
    ];
    const WRITINGS: &[&str] = &[
        "report",
        "study",
        "survey",
        "poll",
        "analysis",
        "data",
        "figure",
        "statement",
        "document",
        "research",
        "review",
        "investigation",
        "audit",
        "estimate",
        "statistic",
        "record",
        "filing",
        "letter",
        "paper",
        "website",
        "article",
        "book",
        "film",
        "video",
        "message",
        "ad",
        "email",
        "memo",
        "tweet",
        "post",
        "release",
        "number",
        "census",
        "model",
    ];
    let word = head.to_lowercase();
    // The word itself or its singular ("ministries", "figures").
    let singular = word
        .strip_suffix("ies")
        .map(|w| format!("{w}y"))
        .or_else(|| word.strip_suffix('s').map(str::to_string));
    let is = |list: &[&str]| {
        list.contains(&word.as_str()) || singular.as_deref().is_some_and(|w| list.contains(&w))
    };
    if is(BODIES) {
        "ORG"
    } else if is(WRITINGS) {
        "MISC"
    } else {
        "PER"
    }
}

/// A speaker's mention widened to the whole subject phrase of tokens `a..b` ("Rep. Gwen Moore
/// (D-Wis.)", "The New York businessman") when the words around the name are its modifiers, not
/// an opening adverbial ("In a Bloomberg interview Trump"), and on over the appositions that
/// follow it up to token `appositions_end` ("Brian Fallon, the campaign's press secretary").
fn widen_mention(
    doc: &Doc,
    mut sp: Speaker,
    name: Option<Span>,
    (a, b): (usize, usize),
    appositions_end: Option<usize>,
) -> Speaker {
    let Some(m) = sp.mention else {
        return sp;
    };
    if sp.label == "PRON" {
        return sp;
    }
    // From the name itself when an entity names the speaker, else from the phrase found.
    let inside = doc.tokens_in(name.unwrap_or(m));
    let modifier = |t: usize| {
        let w = doc.token_text(t);
        !manner_adverb(w)
            && !matches!(
                w,
                "in" | "on"
                    | "at"
                    | "after"
                    | "before"
                    | "during"
                    | "since"
                    | "shortly"
                    | "just"
                    | "this"
                    | "last"
                    | "next"
                    | "also"
                    | "now"
                    | "still"
                    | "then"
                    | "when"
                    | "while"
                    | "who"
                    | "which"
                    | "that"
                    | "to"
                    | "for"
                    | "from"
                    | "by"
                    | "with"
                    | "today"
                    | "yesterday"
                    | "tonight"
                    | "only"
                    | "even"
                    | "both"
                    | "all"
                    | "each"
                    | "however"
                    | "In"
                    | "On"
                    | "At"
                    | "After"
                    | "Before"
                    | "During"
                    | "Since"
                    | "When"
                    | "While"
            )
    };
    let (mut start, mut end) = (inside.start, inside.end);
    if (a..start).all(modifier) {
        start = a;
    }
    if (end..b).all(modifier) {
        end = b;
    }
    if end == b {
        if let Some(e) = appositions_end {
            end = e;
        }
    }
    while end > start + 1
        && !doc
            .token_text(end - 1)
            .chars()
            .any(|c| c.is_alphanumeric() || c == ')')
    {
        end -= 1;
    }
    if start < end {
        sp.mention = Some(Span::new(
            doc.tokens[start].span.start,
            doc.tokens[end - 1].span.end,
        ));
    }
    sp
}

/// A lower-case adverb in -ly between a subject and its verb ("a teacher mistakenly thought");
/// short words ("family", "ally") and the nouns of this shape that name speakers are not.
/// Whether a word after a description's head opens a phrase that qualifies it, with the
/// preposition after it: "sources close to", "people familiar with", "officials involved in".
fn post_nominal(w: &str, next: Option<&str>) -> bool {
    let adjective = matches!(
        w,
        "close" | "familiar" | "loyal" | "opposed" | "responsible" | "aware" | "critical" | "near" | "allied"
    ) || (w.len() > 4 && w.ends_with("ed"));
    adjective
        && next.is_some_and(|n| {
            matches!(
                n,
                "to" | "with" | "in" | "on" | "by" | "for" | "of" | "from" | "about"
            )
        })
}

fn manner_adverb(w: &str) -> bool {
    w.len() >= 7
        && w.ends_with("ly")
        && w.starts_with(|c: char| c.is_ascii_lowercase())
        && !matches!(w, "assembly" | "monopoly" | "anomaly" | "quarterly" | "biweekly")
}

/// Auxiliary and modal verbs: a description ends before one ("the report has prompted").
pub(crate) fn is_auxiliary(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "is" | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
    )
}

/// Canonical names of a document's entities, and the lookups speakers need.
pub struct Resolver<'a> {
    entities: &'a [Entity],
    /// Canonical (name, label) per entity.
    canon: Vec<(String, EntityLabel)>,
    /// Whether a subject's mention is its whole phrase (titles, modifiers, appositions) or the name.
    whole_phrases: bool,
    /// Each person's sex where a title shows it ("Mr", "Ms"), by canonical name: `true` female.
    female: HashMap<String, bool>,
    /// The entities' spans, to find those inside a phrase.
    entity_spans: SpanIndex,
}

/// Whether a word is a verb that can open a predicate: an auxiliary, a reporting verb or a
/// lower-case word ending in -ed.
fn predicate_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_lowercase())
        && (super::finite_verb_like(w)
            || super::reporting_verb(w)
            || matches!(
                w,
                "did" | "does" | "can" | "could" | "may" | "might" | "must" | "should"
            ))
}

/// The token after a dateline opening tokens `a..b` ("KHARTOUM, Sudan (AP) —", "WASHINGTON --",
/// "LOS ANGELES, Sept. 28 (UPI) —"): an all-capitals first word, then no lower-case word before a
/// dash.
pub(crate) fn dateline_end(doc: &Doc, a: usize, b: usize) -> Option<usize> {
    let first = doc.tokens.get(a).map(|_| doc.token_text(a))?;
    if first.chars().filter(|c| c.is_uppercase()).count() < 2 || first.chars().any(|c| c.is_lowercase()) {
        return None;
    }
    let dash = (a + 1..b.min(a + 16)).find(|&t| matches!(doc.token_text(t), "—" | "--" | "–" | "-" | "―"))?;
    let lower_word = (a..dash).any(|t| doc.token_text(t).starts_with(|c: char| c.is_lowercase()));
    (!lower_word && dash + 1 < b).then_some(dash + 1)
}

/// A person's sex from the pronouns that can only go back to them: a "she" or "her" after the
/// only person named in a sentence ("Gloria also became unable to move her legs"), counted over
/// the document, kept where one sex has at least two more than the other.
fn sex_from_pronouns(doc: &Doc, entities: &[Entity], canon: &[(String, EntityLabel)]) -> Vec<(String, bool)> {
    let mut votes: HashMap<&str, (i32, i32)> = HashMap::new();
    let mut first = 0;
    for sentence in &doc.sentences {
        while first < entities.len() && entities[first].span.end <= sentence.span.start {
            first += 1;
        }
        let in_sentence: Vec<usize> = (first..entities.len())
            .take_while(|&i| entities[i].span.start < sentence.span.end)
            .collect();
        let mut people = in_sentence
            .iter()
            .filter(|&&i| entities[i].label == EntityLabel::Per);
        let (Some(&person), None) = (people.next(), people.next()) else {
            continue;
        };
        // Only a mention of the whole name: a surname alone may be a relative's ("Grayson").
        if doc.slice(entities[person].span) != canon[person].0 {
            continue;
        }
        let after = doc.tokens_in(Span::new(entities[person].span.end, sentence.span.end));
        for t in after {
            let w = doc.token_text(t);
            let lower = w.to_lowercase();
            // Words inside a quotation are another voice's; after another possible antecedent
            // (a capitalised word, a noun for a person, "who") a pronoun may be theirs.
            if doc.tokens[t].kind == TokenKind::Quote
                || w.starts_with(char::is_uppercase) && !matches!(w, "He" | "She" | "His" | "Her")
                || matches!(w, "who" | "whom")
                || crate::ner::person_noun(&lower)
            {
                break;
            }
            let vote = match lower.as_str() {
                "she" | "her" | "hers" | "herself" => (1, 0),
                "he" | "him" | "his" | "himself" => (0, 1),
                _ => continue,
            };
            let v = votes.entry(canon[person].0.as_str()).or_default();
            v.0 += vote.0;
            v.1 += vote.1;
        }
    }
    votes
        .into_iter()
        .filter(|(_, (f, m))| (f - m).abs() >= 2)
        .map(|(name, (f, m))| (name.to_string(), f > m))
        .collect()
}

/// Whether a title says its bearer is female (`Some(true)`), male or neither.
fn title_sex(title: &str) -> Option<bool> {
    match title.trim_end_matches('.') {
        "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" | "Queen" | "Princess" | "Madam" | "Mme" => Some(true),
        "Mr" | "Sir" | "Lord" | "King" | "Prince" => Some(false),
        _ => None,
    }
}

fn strip_titles(name: &str) -> String {
    let words = name.split_whitespace().count();
    let titles = name
        .split_whitespace()
        .take(words.saturating_sub(1))
        .take_while(|w| TITLES.contains(w))
        .count();
    let mut out = String::with_capacity(name.len());
    for w in name.split_whitespace().skip(titles) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Levenshtein distance of at most one ("Khaled" ~ "Khalid").
fn near(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        near_chars(a.as_bytes(), b.as_bytes())
    } else {
        near_chars(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>())
    }
}

/// [`near`] over characters.
fn near_chars<C: Eq>(a: &[C], b: &[C]) -> bool {
    if a.len().abs_diff(b.len()) > 1 || a.len() < 5 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

/// Whether person name `a` (its words) is a slight misspelling of name `b`: a one-word name
/// one letter from `b`'s surname ("Water" for "Kathryn Waters"), or a name of as many words, the
/// same surname, one other word one letter off ("Kristin Wilkins" for "Kristen Wilkins").
fn misspelt(a: &[&str], b: &[&str]) -> bool {
    match (a, b) {
        ([one], [_, .., last]) => one != last && near(one, last),
        ([.., x], [.., y]) if a.len() == b.len() && a.len() >= 2 && x == y => {
            let mut differ = a.iter().zip(b).filter(|(u, v)| u != v);
            matches!((differ.next(), differ.next()), (Some((u, v)), None) if near(u, v))
        }
        _ => false,
    }
}

/// A word and every string one character shorter (one letter deleted).
fn deletions(w: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(w.to_string()).chain(w.char_indices().map(move |(i, c)| {
        let mut d = String::with_capacity(w.len());
        d.push_str(&w[..i]);
        d.push_str(&w[i + c.len_utf8()..]);
        d
    }))
}

/// Person names spelt slightly differently within one article name one person: each takes the
/// longer name, or between names as long the spelling written out most (the first on a tie).
/// `written` holds each entity's own name, `canon` its canonical name and label.
fn merge_misspelt_persons(written: &[String], canon: &mut [(String, EntityLabel)]) {
    // Distinct canonical person names in order of first mention, with how often each is written
    // out in full.
    let mut names: Vec<(String, usize)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (name, label) in canon.iter() {
        if *label == EntityLabel::Per && !index.contains_key(name.as_str()) {
            index.insert(name, names.len());
            names.push((name.clone(), 0));
        }
    }
    for w in written {
        if let Some(&k) = index.get(w.as_str()) {
            names[k].1 += 1;
        }
    }
    let words: Vec<Vec<&str>> = names
        .iter()
        .map(|(n, _)| n.split_whitespace().collect())
        .collect();
    // Candidates are looked up, not compared pairwise: names of two or more words by surname,
    // and surnames by their one-letter deletions, which a name one letter off shares.
    let mut by_surname: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut surnames_by_deletion: HashMap<String, Vec<&str>> = HashMap::new();
    for (k, w) in words.iter().enumerate() {
        if let [_, .., last] = w.as_slice() {
            let same = by_surname.entry(last).or_default();
            if same.is_empty() {
                for d in deletions(last) {
                    surnames_by_deletion.entry(d).or_default().push(last);
                }
            }
            same.push(k);
        }
    }
    let mut rename: HashMap<String, String> = HashMap::new();
    for (k, (name, count)) in names.iter().enumerate() {
        let candidates: Vec<usize> = match words[k].as_slice() {
            [one] => {
                let mut surnames: Vec<&str> = deletions(one)
                    .filter_map(|d| surnames_by_deletion.get(&d))
                    .flatten()
                    .copied()
                    .collect();
                surnames.sort_unstable();
                surnames.dedup();
                surnames
                    .iter()
                    .flat_map(|s| by_surname[s].iter().copied())
                    .collect()
            }
            [.., last] => by_surname[last].clone(),
            [] => Vec::new(),
        };
        let better = candidates
            .into_iter()
            .filter(|&j| {
                j != k
                    && misspelt(&words[k], &words[j])
                    && (words[j].len() > words[k].len()
                        || names[j].1 > *count
                        || (names[j].1 == *count && j < k))
            })
            .min();
        if let Some(j) = better {
            rename.insert(name.clone(), names[j].0.clone());
        }
    }
    for (name, label) in canon.iter_mut() {
        if *label != EntityLabel::Per {
            continue;
        }
        // Follow a short chain ("Water" → "Kathryn Water" → "Kathryn Waters").
        for _ in 0..3 {
            match rename.get(name.as_str()) {
                Some(to) => *name = to.clone(),
                None => break,
            }
        }
    }
}

impl<'a> Resolver<'a> {
    /// Work out canonical names for every entity of the document.
    pub fn new(doc: &Doc, entities: &'a [Entity]) -> Resolver<'a> {
        // Titles belong to people: "Home Office" and "Foreign Ministry" keep their first word.
        let names: Vec<String> = entities
            .iter()
            .map(|e| match e.label {
                EntityLabel::Per => strip_titles(doc.slice(e.span)),
                _ => doc.slice(e.span).to_string(),
            })
            .collect();
        // Each distinct person name once, with its first entity and its words, and which of those
        // names hold each word: a name is compared only with the names that share its first word.
        let mut persons: Vec<(usize, Vec<&str>)> = Vec::new();
        let mut person_of_name: HashMap<&str, usize> = HashMap::new();
        let mut persons_with_word: HashMap<&str, Vec<usize>> = HashMap::new();
        // The first name of two or more words whose initials spell each acronym.
        let mut by_initials: HashMap<String, usize> = HashMap::new();
        for (j, e) in entities.iter().enumerate() {
            let name = names[j].as_str();
            if e.label == EntityLabel::Per && !person_of_name.contains_key(name) {
                let words: Vec<&str> = name.split_whitespace().collect();
                let mut distinct = words.clone();
                distinct.sort_unstable();
                distinct.dedup();
                for w in distinct {
                    persons_with_word.entry(w).or_default().push(persons.len());
                }
                person_of_name.insert(name, persons.len());
                persons.push((j, words));
            }
            if name.split_whitespace().nth(1).is_some() {
                let initials: String = name
                    .split_whitespace()
                    .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
                    .collect();
                by_initials.entry(initials).or_insert(j);
            }
        }
        let mut canon: Vec<(String, EntityLabel)> = Vec::with_capacity(entities.len());
        for (i, e) in entities.iter().enumerate() {
            let name = &names[i];
            let mut best = name.clone();
            let mut label = e.label;
            match e.label {
                EntityLabel::Per => {
                    // The longest person name holding these words ("Abdulkafi" → "Abdulkafi
                    // Alhamdo"), the first of them when several are as long.
                    let words = &persons[person_of_name[name.as_str()]].1;
                    let all = 0..persons.len();
                    let candidates: Box<dyn Iterator<Item = usize>> = match words.first() {
                        Some(w) => Box::new(persons_with_word[w].iter().copied()),
                        None => Box::new(all),
                    };
                    let mut longest: Option<(usize, usize)> = None; // (length, first entity)
                    for p in candidates {
                        let (j, other) = &persons[p];
                        let len = names[*j].len();
                        if len > name.len()
                            && longest.is_none_or(|(l, first)| len > l || (len == l && *j < first))
                            && words.iter().all(|w| other.contains(w))
                        {
                            longest = Some((len, *j));
                        }
                    }
                    if let Some((_, j)) = longest {
                        best = names[j].clone();
                    }
                    // A one-word name spelt slightly differently ("Khalid" for "Khaled"): the first spelling.
                    if best == *name && words.len() == 1 {
                        if let Some(&(j, _)) = persons
                            .iter()
                            .take_while(|(j, _)| *j < i)
                            .find(|(j, _)| near(&names[*j], name))
                        {
                            best = canon[j].0.clone();
                        }
                    }
                }
                EntityLabel::Org | EntityLabel::Misc | EntityLabel::Loc => {
                    // An acronym names the organisation whose initials it spells ("SAMS", "UN").
                    let acronym =
                        name.len() >= 2 && name.len() <= 6 && name.chars().all(|c| c.is_ascii_uppercase());
                    if let Some(&j) = by_initials.get(name.as_str()).filter(|_| acronym) {
                        best = names[j].clone();
                        label = entities[j].label;
                    }
                }
            }
            canon.push((best, label));
        }
        merge_misspelt_persons(&names, &mut canon);
        // A person's sex from a title inside or just before any mention of them; none when two
        // mentions disagree.
        let mut female: HashMap<String, bool> = HashMap::new();
        let mut mixed: Vec<String> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            if e.label != EntityLabel::Per {
                continue;
            }
            let first = doc.token_at_or_after(e.span.start);
            let title = doc
                .slice(e.span)
                .split_whitespace()
                .next()
                .and_then(title_sex)
                .or_else(|| first.checked_sub(1).and_then(|t| title_sex(doc.token_text(t))));
            if let Some(f) = title {
                let name = canon[i].0.clone();
                if *female.entry(name.clone()).or_insert(f) != f {
                    mixed.push(name);
                }
            }
        }
        for name in mixed {
            female.remove(&name);
        }
        for (name, f) in sex_from_pronouns(doc, entities, &canon) {
            female.entry(name).or_insert(f);
        }
        Resolver {
            entities,
            canon,
            whole_phrases: true,
            female,
            entity_spans: SpanIndex::new(entities.iter().map(|e| e.span)),
        }
    }

    /// Whether subjects' mentions are whole phrases (see `names_only`).
    pub fn whole_phrases(&self) -> bool {
        self.whole_phrases
    }

    /// The same resolver, its subjects' mentions the names alone (as the attribution tagger was
    /// trained to read the rules' speakers).
    pub fn names_only(&self) -> Resolver<'a> {
        Resolver {
            entities: self.entities,
            canon: self.canon.clone(),
            whole_phrases: false,
            female: self.female.clone(),
            entity_spans: self.entity_spans.clone(),
        }
    }

    /// The canonical name of entity `i`.
    pub fn canonical(&self, i: usize) -> &str {
        &self.canon[i].0
    }

    fn speaker_of_entity(&self, i: usize, mention: Span) -> Speaker {
        Speaker {
            name: self.canon[i].0.clone(),
            label: self.canon[i].1.as_str().to_string(),
            entity: Some(i),
            mention: Some(mention),
        }
    }

    /// Entities lying inside tokens `a..b`.
    fn entities_in(&self, doc: &Doc, a: usize, b: usize) -> Vec<usize> {
        if a >= b {
            return Vec::new();
        }
        let span = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
        self.entity_spans.within(span)
    }

    /// Whether token `t` lies inside an entity whose name has a comma in it.
    fn in_name_with_comma(&self, doc: &Doc, t: usize) -> bool {
        let at = doc.tokens[t].span;
        self.entity_spans
            .overlapping(at)
            .into_iter()
            .any(|e| self.entities[e].span.contains(at) && doc.slice(self.entities[e].span).contains(','))
    }

    /// The token after the entity that starts at token `t`, if one does.
    pub fn entity_end_at(&self, doc: &Doc, t: usize) -> Option<usize> {
        let start = doc.tokens.get(t)?.span.start;
        let e = self
            .entity_spans
            .overlapping(doc.tokens[t].span)
            .into_iter()
            .find(|&e| self.entities[e].span.start == start)?;
        Some(doc.tokens_in(self.entities[e].span).end)
    }

    /// The person a transcript label names ("WALLACE:" for Chris Wallace, "KATE BOULDUAN:"): a
    /// person of the document whose name ends with the label's last word, in any case.
    pub fn person_labelled(&self, doc: &Doc, label: Span) -> Option<Speaker> {
        let last = doc.slice(label).split_whitespace().last()?.to_uppercase();
        let persons = || (0..self.entities.len()).filter(|&i| self.canon[i].1 == EntityLabel::Per);
        persons()
            .find(|&i| {
                self.canon[i]
                    .0
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.to_uppercase() == last)
            })
            // Or the label itself tagged as a person.
            .or_else(|| persons().find(|&i| self.entities[i].span.overlap(label) > 0))
            .map(|i| self.speaker_of_entity(i, label))
    }

    /// The speaker named by the noun phrase in tokens `a..b`: an entity, a pronoun, or a description.
    pub fn noun_phrase(&self, doc: &Doc, a: usize, b: usize) -> Option<Speaker> {
        let b = b.min(doc.tokens.len());
        let mut a = dateline_end(doc, a, b).unwrap_or(a);
        while a < b
            && matches!(
                doc.token_text(a),
                "," | "\"" | "“" | "”" | "''" | "``" | "(" | "-" | "–"
            )
        {
            a += 1;
        }
        if a >= b {
            return None;
        }
        let first = doc.token_text(a);
        // A pronoun alone, or opening a longer span ("I was basically hauled in"), is the speaker.
        if PRONOUNS.contains(&first.to_lowercase().as_str())
            && (b - a == 1 || !matches!(doc.token_text(a + 1), "'s" | "’s"))
        {
            return Some(Speaker {
                name: first.to_lowercase(),
                label: "PRON".to_string(),
                entity: None,
                mention: Some(doc.tokens[a].span),
            });
        }
        let ents = self.entities_in(doc, a, b);
        // The word before an entity, titles skipped, links it to the phrase's head ("the mother of
        // X", "a spokesman for Prime Minister X", "Y and X" after another name) instead of naming it.
        let in_entity = |t: usize| {
            ents.iter()
                .any(|&x| self.entities[x].span.contains(doc.tokens[t].span))
        };
        let linked = |e: usize| {
            let start = self.entities[e].span.start;
            let before = (a..b).take_while(|&t| doc.tokens[t].span.start < start).count();
            let Some(t) = (a..a + before).rev().find(|&t| {
                let w = doc.token_text(t);
                !(TITLES.contains(&w) || role_word(w))
            }) else {
                return false;
            };
            match doc.token_text(t).to_lowercase().as_str() {
                "of" | "for" | "to" | "with" | "by" | "about" | "from" | "against" | "than" | "like"
                | "on" | "at" | "in" => true,
                // "families fleeing El Fasher", "people leaving Gaza": the place is the verb's.
                w if w.len() > 4
                    && w.ends_with("ing")
                    && doc.token_text(t).starts_with(char::is_lowercase) =>
                {
                    true
                }
                "and" | "or" | "&" => t > a && in_entity(t - 1),
                _ => false,
            }
        };
        // "Home Secretary Suella Braverman", "SAMS doctor Ahmad Tarakji", "Joint Council for the
        // Welfare of Immigrants campaigner Caitlin Boswell", "the UN children's agency Unicef": a
        // person or organisation ending the phrase is its head.
        let mut last = b - 1;
        while last > a && !doc.token_text(last).chars().any(char::is_alphanumeric) {
            last -= 1;
        }
        // An organisation only heads a short phrase that opens with no function word ("as The
        // Daily Beast", "his advisers to … without Congress").
        let org_head = !matches!(
            first.to_lowercase().as_str(),
            "as" | "by"
                | "with"
                | "without"
                | "to"
                | "in"
                | "on"
                | "at"
                | "for"
                | "from"
                | "of"
                | "and"
                | "or"
                | "but"
                | "than"
                | "like"
        );
        // At most five words before it ("the UN's Food and Agriculture Organization (FAO)").
        let short_before = |e: usize| {
            (a..b)
                .take_while(|&t| doc.tokens[t].span.start < self.entities[e].span.start)
                .count()
                <= 5
        };
        if let Some(&e) = ents.iter().find(|&&e| {
            (self.entities[e].label == EntityLabel::Per
                || (org_head && short_before(e) && self.entities[e].label == EntityLabel::Org))
                && self.entities[e].span.end == doc.tokens[last].span.end
                && self.entities[e].span.start > doc.tokens[a].span.start
                && !linked(e)
        }) {
            // A closing bracket after the name stays in the mention ("… Schools (AROS)").
            let end = if doc.token_text(b - 1) == ")" {
                doc.tokens[b - 1].span.end
            } else {
                self.entities[e].span.end
            };
            let mention = Span::new(doc.tokens[a].span.start, end);
            return Some(self.speaker_of_entity(e, mention));
        }
        // A phrase that starts with (an optional determiner and) an entity is that entity.
        let lead = usize::from(matches!(first, "The" | "the")) + a;
        // A MISC word modifying the phrase's head ("the Afghan team's robot") does not name it.
        let modifies = |e: usize| {
            let end = self.entities[e].span.end;
            let next = (a..b)
                .find(|&t| doc.tokens[t].span.start >= end)
                .map(|t| doc.token_text(t));
            self.entities[e].label == EntityLabel::Misc
                && next
                    .is_some_and(|w| w.chars().all(char::is_alphabetic) && !matches!(w, "and" | "or" | "nor"))
        };
        // Nor does a name before a person's post ("The Conservative MP for Bexhill", "UN officials",
        // as "One SAMS doctor").
        let names_a_post = |e: usize| {
            let end = self.entities[e].span.end;
            (a..b)
                .find(|&t| doc.tokens[t].span.start >= end)
                .is_some_and(|t| {
                    let w = doc.token_text(t);
                    (role_word(w) && !matches!(w.to_lowercase().as_str(), "a" | "an" | "the" | "one"))
                        || matches!(
                            w.to_lowercase().as_str(),
                            "mp" | "mps"
                                | "official"
                                | "officials"
                                | "source"
                                | "sources"
                                | "lawmaker"
                                | "lawmakers"
                                | "senator"
                                | "activist"
                                | "activists"
                                | "aide"
                                | "aides"
                                | "staff"
                                | "worker"
                                | "workers"
                        )
                })
        };
        // Nor does a place owning a common-noun head ("Syria's health ministry", "Britain's
        // biggest union"; not "Germany's Angela Merkel").
        let place_owns_head = |e: usize| {
            let Some(s) = (a..b).find(|&t| doc.tokens[t].span.start >= self.entities[e].span.end) else {
                return false;
            };
            let head_named = |h: usize| {
                ents.iter()
                    .any(|&x| self.entities[x].span.start == doc.tokens[h].span.start)
            };
            self.entities[e].label == EntityLabel::Loc
                && matches!(doc.token_text(s), "'s" | "’s")
                && s + 1 < b
                && !head_named(s + 1)
        };
        if let Some(&e) = ents.iter().find(|&&e| {
            self.entities[e].span.start == doc.tokens[lead.min(b - 1)].span.start
                && !modifies(e)
                && !names_a_post(e)
                && !place_owns_head(e)
        }) {
            // "Saudi Arabia's Civil Defense Authority": a name right after the possessive is the head.
            let after = (a..b).find(|&t| doc.tokens[t].span.start >= self.entities[e].span.end);
            let owned = after
                .filter(|&t| matches!(doc.token_text(t), "'s" | "’s") && t + 1 < b)
                .and_then(|t| {
                    ents.iter()
                        .copied()
                        .find(|&x| self.entities[x].span.start == doc.tokens[t + 1].span.start)
                });
            let e = owned.unwrap_or(e);
            let mention = Span::new(doc.tokens[a].span.start, self.entities[e].span.end);
            // A person named after a role ("surgeon Mohammad Abrash") is still that person.
            return Some(self.speaker_of_entity(e, mention));
        }
        if let Some(&e) = ents.iter().find(|&&e| self.entities[e].label == EntityLabel::Per) {
            let ent_start = self.entities[e].span.start;
            // "surgeon Mohammad Abrash", "Dr Ahmad Tarakji", "Administrator Bolden": words before
            // the name are titles, roles or other words outside any entity.
            // "ACLU executive director Anthony Romero": a body's name may stand among them.
            let in_body = |t: usize| {
                ents.iter().any(|&x| {
                    self.entities[x].label != EntityLabel::Per
                        && self.entities[x].span.contains(doc.tokens[t].span)
                })
            };
            // Not after a verb or a preposition ("the rally denounced Republican candidate X",
            // "Supporters of Republican X").
            let before: Vec<usize> = (a..b)
                .take_while(|&t| doc.tokens[t].span.start < ent_start)
                .collect();
            let plain = |t: &usize| {
                let w = doc.token_text(*t).to_lowercase();
                !(w.ends_with("ed")
                    || matches!(
                        w.as_str(),
                        "of" | "for" | "to" | "with" | "by" | "about" | "from" | "against"
                    ))
            };
            let before_are_roles = before.iter().all(|&t| {
                let w = doc.token_text(t);
                TITLES.contains(&w) || role_word(w) || !in_entity(t)
            }) || (before.len() <= 6
                && before.iter().all(plain)
                && before.iter().all(|&t| !in_entity(t) || in_body(t)));
            // "Mr Johnson's spokesman": the owner of the head is not the speaker.
            let owns_head = (a..b)
                .find(|&t| doc.tokens[t].span.start >= self.entities[e].span.end)
                .is_some_and(|t| {
                    matches!(doc.token_text(t), "'s" | "’s")
                        && (t + 1..b.min(t + 3)).any(|h| speaks_for(doc.token_text(h)))
                });
            if before_are_roles && !linked(e) && !owns_head {
                // The mention keeps titles that are all that stands before the name ("Mr. Burman").
                let titled = (a..b)
                    .take_while(|&t| doc.tokens[t].span.start < ent_start)
                    .all(|t| TITLES.contains(&doc.token_text(t)));
                let start = if titled {
                    doc.tokens[a].span.start.min(ent_start)
                } else {
                    ent_start
                };
                return Some(self.speaker_of_entity(e, Span::new(start, self.entities[e].span.end)));
            }
        }
        // "figures released by SAMS": the entity after "by" is the source.
        if let Some(by) = (a..b).find(|&t| doc.token_text(t) == "by") {
            let whole = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
            // Not a place the body is in ("by the health ministry in Sanaa").
            let placed = |e: usize| {
                (by + 1..b)
                    .take_while(|&t| doc.tokens[t].span.end <= self.entities[e].span.start)
                    .any(|t| {
                        matches!(
                            doc.token_text(t),
                            "in" | "at" | "of" | "from" | "near" | "on" | ","
                        )
                    })
            };
            if let Some(&e) = ents
                .iter()
                .find(|&&e| self.entities[e].span.start >= doc.tokens[by].span.end && !placed(e))
            {
                return Some(self.speaker_of_entity(e, whole));
            }
            // "The figures, released by the health ministry on Monday,": a body described after
            // a word of publishing, up to a comma or a time.
            let published = by > a && publishing_word(doc.token_text(by - 1));
            let stop = (by + 1..b)
                .find(|&t| {
                    let w = doc.token_text(t);
                    matches!(w, "," | "(" | ")" | ";") || WHEN_WORDS.contains(&w.to_lowercase().as_str())
                })
                .unwrap_or(b);
            if published && stop > by + 1 && matches!(doc.token_text(by + 1), "the" | "The" | "a") {
                if let Some(body) = self.noun_phrase(doc, by + 1, stop) {
                    return Some(Speaker {
                        mention: Some(whole),
                        ..body
                    });
                }
            }
        }
        // "Data from the health ministry", "a statement from UNICEF": a writing's source, not a
        // person from a place ("A man from Idlib").
        if let Some(from) = (a + 1..b)
            .find(|&t| doc.token_text(t) == "from" && description_label(doc.token_text(t - 1)) == "MISC")
        {
            let whole = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
            // Not a word inside a name ("the Office for National Statistics").
            let stop = (from + 1..b)
                .find(|&t| {
                    let w = doc.token_text(t);
                    (matches!(w, "," | "(" | ")" | ";") || WHEN_WORDS.contains(&w.to_lowercase().as_str()))
                        && self.entity_spans.overlapping(doc.tokens[t].span).is_empty()
                })
                .unwrap_or(b);
            if stop > from + 1 {
                // A named organisation or person, or a described body ("the health ministry"),
                // not a place or time ("Exit polls from New Hampshire", "a version from 2010").
                let source = |s: &Speaker| s.label == "ORG" || (s.label == "PER" && s.entity.is_some());
                if let Some(body) = self.noun_phrase(doc, from + 1, stop).filter(source) {
                    return Some(Speaker {
                        mention: Some(whole),
                        ..body
                    });
                }
            }
        }
        // "the organisations", "the charity": the nearest organisation named before; so is the
        // owner of a writing ("the agency's latest survey").
        let owned_writing = (4..=6).contains(&(b - a))
            && matches!(doc.token_text(a + 2), "'s" | "’s")
            && description_label(doc.token_text(last)) == "MISC";
        if matches!(first, "The" | "the") && (b - a == 2 || owned_writing) {
            let head = doc.token_text(a + 1).to_lowercase();
            if matches!(
                head.as_str(),
                "organisation"
                    | "organisations"
                    | "organization"
                    | "organizations"
                    | "charity"
                    | "charities"
                    | "group"
                    | "groups"
                    | "agency"
                    | "agencies"
                    | "ministry"
                    | "company"
                    | "firm"
                    | "government"
                    | "society"
                    | "network"
            ) {
                let at = doc.tokens[a].span.start;
                // "the ministry", "the government" name only a body called so ("the Ministry of
                // Health"), not whichever organisation came last.
                let specific = matches!(head.as_str(), "ministry" | "government");
                let called = |i: usize| {
                    !specific
                        || doc
                            .slice(self.entities[i].span)
                            .to_lowercase()
                            .contains(head.as_str())
                };
                // Not a name in a phrase fronting the mention's sentence ("In a statement posted
                // on Telegram, the group said"): where it was said, not who.
                let fronted_end = doc.sentence_at(at).and_then(|s| {
                    let toks = doc.sentences[s].tokens.clone();
                    let opener = doc.token_text(toks.start).to_lowercase();
                    matches!(
                        opener.as_str(),
                        "in" | "on" | "at" | "after" | "before" | "during" | "from" | "speaking" | "writing"
                    )
                    .then(|| toks.clone().find(|&t| doc.token_text(t) == ","))
                    .flatten()
                    .map(|t| (doc.tokens[toks.start].span.start, doc.tokens[t].span.start))
                });
                let fronted = |i: usize| {
                    fronted_end.is_some_and(|(from, to)| {
                        self.entities[i].span.start >= from && self.entities[i].span.end <= to && to <= at
                    })
                };
                let nearest = (0..self.entities.len())
                    .filter(|&i| {
                        self.entities[i].span.end <= at
                            && self.canon[i].1 == EntityLabel::Org
                            && called(i)
                            && !fronted(i)
                    })
                    .max_by_key(|&i| self.entities[i].span.start);
                if let Some(i) = nearest {
                    return Some(self.speaker_of_entity(i, Span::new(at, doc.tokens[b - 1].span.end)));
                }
            }
        }
        // A description: determiner dropped, cut before a participle, preposition or relative clause.
        // It starts with a noun or adjective, never with a function word ("but", "as", "in").
        if matches!(
            first.to_lowercase().as_str(),
            "but"
                | "and"
                | "or"
                | "as"
                | "if"
                | "when"
                | "while"
                | "so"
                | "because"
                | "in"
                | "on"
                | "at"
                | "after"
                | "before"
                | "since"
                | "for"
                | "with"
                | "by"
                | "to"
                | "from"
                | "that"
                | "which"
                | "who"
                | "where"
                | "there"
                | "here"
                | "this"
                | "these"
                | "those"
                | "it"
                | "what"
                | "how"
                | "why"
                | "not"
                | "also"
        ) || is_auxiliary(first)
        {
            return None;
        }
        let mut s = a;
        if matches!(
            first.to_lowercase().as_str(),
            "a" | "an" | "the" | "one" | "another" | "some" | "his" | "her" | "their"
        ) {
            s += 1;
        }
        // "one of them", "one of the officials": a part of a group is named by the group.
        if s > a && s + 1 < b && doc.token_text(s) == "of" {
            if matches!(doc.token_text(s + 1), "them" | "us" | "those") {
                return Some(Speaker {
                    name: "they".to_string(),
                    label: "PRON".to_string(),
                    entity: None,
                    mention: Some(Span::new(doc.tokens[a].span.start, doc.tokens[s + 1].span.end)),
                });
            }
            s += 1;
            if matches!(doc.token_text(s), "the" | "his" | "her" | "their" | "its" | "our") && s + 1 < b {
                s += 1;
            }
        }
        let mut e = s;
        while e < b {
            let w = doc.token_text(e);
            let l = w.to_lowercase();
            if e > s
                && (matches!(
                    l.as_str(),
                    "in" | "at"
                        | "from"
                        | "of"
                        | "for"
                        | "with"
                        | "who"
                        | "which"
                        | "that"
                        | "on"
                        | "to"
                        | ","
                        | "("
                ) || (l.ends_with("ing") && l.len() > 4)
                    // A past tense with its object ("Oxfam welcomed the figures but said").
                    || (l.ends_with("ed")
                        && l.len() > 4
                        && doc.tokens.get(e + 1).is_some_and(|t| {
                            matches!(
                                doc.slice(t.span),
                                "the" | "a" | "an" | "his" | "her" | "their" | "its" | "this" | "these" | "those"
                            )
                        }))
                    || is_auxiliary(w)
                    || post_nominal(&l, doc.tokens.get(e + 1).map(|t| doc.slice(t.span))))
            {
                break;
            }
            if !w.chars().any(char::is_alphanumeric) {
                break;
            }
            e += 1;
        }
        // No conjunction ends the name ("She's a Sanders supporter but").
        while e > s + 1 && matches!(doc.token_text(e - 1), "but" | "and" | "or") {
            e -= 1;
        }
        if e == s || e - s > 6 {
            return None;
        }
        let name = doc
            .slice(Span::new(doc.tokens[s].span.start, doc.tokens[e - 1].span.end))
            .to_string();
        // The label of the entity that is the name itself, else what the head noun names.
        let named = Span::new(doc.tokens[s].span.start, doc.tokens[e - 1].span.end);
        let label = match ents.iter().find(|&&x| self.entities[x].span.overlap(named) > 0) {
            Some(&x) if e - s == 1 => self.canon[x].1.as_str(),
            _ => description_label(doc.token_text(e - 1)),
        };
        let label = label.to_string();
        Some(Speaker {
            name,
            label,
            entity: None,
            mention: Some(Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end)),
        })
    }

    /// The subject of a verb at token `verb`, looking back no further than `first`: appositions
    /// ("…, president of SAMS,") and relative clauses ("…, who wanted to stay anonymous,") skipped.
    pub fn noun_phrase_before(&self, doc: &Doc, first: usize, verb: usize) -> Option<Speaker> {
        let first = dateline_end(doc, first, verb).unwrap_or(first);
        let mut end = verb;
        while end > first
            && matches!(
                doc.token_text(end - 1).to_lowercase().as_str(),
                "has" | "have" | "had"
            )
        {
            end -= 1;
        }
        // A relative pronoun right before the verb ("officials who say", "Smith, who said") is the
        // mention nearest the quote, as PolNeAR writes it; the name is what it stands for.
        if end > first + 1 && matches!(doc.token_text(end - 1), "who" | "that" | "which") {
            let rel = end - 1;
            let pronoun = doc.tokens[rel].span;
            let restrictive = doc.token_text(rel - 1) != ",";
            let named = if restrictive {
                self.relative_antecedent(doc, first, rel)
            } else if doc.token_text(rel) == "that" {
                None
            } else {
                self.subject_before(doc, first, verb)
            };
            if let Some(sp) = named.filter(|sp| sp.label != "PRON") {
                return Some(Speaker {
                    mention: Some(pronoun),
                    ..sp
                });
            }
        }
        self.subject_before(doc, first, verb)
    }

    /// The noun phrase a restrictive relative pronoun at `rel` follows ("officials who", "a
    /// graduate of Harvard Law School who").
    fn relative_antecedent(&self, doc: &Doc, first: usize, rel: usize) -> Option<Speaker> {
        let mut start = rel;
        while start > first {
            let w = doc.token_text(start - 1);
            let lower = w.to_lowercase();
            let stop = !w
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.'))
                || is_auxiliary(w)
                || matches!(
                    lower.as_str(),
                    "with"
                        | "by"
                        | "for"
                        | "from"
                        | "to"
                        | "at"
                        | "in"
                        | "on"
                        | "about"
                        | "among"
                        | "against"
                        | "like"
                        | "than"
                        | "but"
                        | "said"
                        | "says"
                        | "that"
                )
                || ((lower.ends_with("ed") || lower.ends_with("ing")) && w.starts_with(char::is_lowercase));
            // "a graduate of Harvard Law School who", "misogynist and birther who": "of" and "and"
            // go on only between words of the phrase.
            let joiner = matches!(lower.as_str(), "of" | "and" | "or");
            let word_before = start >= first + 2 && {
                let v = doc.token_text(start - 2);
                v.chars().all(char::is_alphabetic) && !v.to_lowercase().ends_with("ed")
            };
            if stop || (joiner && !word_before) {
                break;
            }
            start -= 1;
            if matches!(
                lower.as_str(),
                "the" | "a" | "an" | "some" | "many" | "most" | "these" | "those"
            ) {
                break;
            }
        }
        (start < rel && start > first)
            .then(|| self.noun_phrase(doc, start, rel))
            .flatten()
    }

    /// The subject before `verb` in tokens `first..verb` (see [`Self::noun_phrase_before`]).
    fn subject_before(&self, doc: &Doc, first: usize, verb: usize) -> Option<Speaker> {
        let first = dateline_end(doc, first, verb).unwrap_or(first);
        let mut end = verb;
        // Auxiliaries and adverbs between subject and verb ("has said", "also told").
        while end > first
            && matches!(
                doc.token_text(end - 1).to_lowercase().as_str(),
                "has"
                    | "have"
                    | "had"
                    | "also"
                    | "later"
                    | "then"
                    | "previously"
                    | "will"
                    | "would"
                    | "earlier"
                    | "once"
                    | "repeatedly"
            )
            || (end > first + 1 && manner_adverb(doc.token_text(end - 1)))
        {
            end -= 1;
        }
        // "Jeremy Hunt welcomed the figures but warned that …": a second predicate shares the
        // subject of the first, which ends at the name before the first verb.
        if end > first + 2 && matches!(doc.token_text(end - 1), "and" | "but") {
            let mut lead = first;
            while lead < end
                && (TITLES.contains(&doc.token_text(lead)) || matches!(doc.token_text(lead), "The" | "the"))
            {
                lead += 1;
            }
            let after_name = self.entity_end_at(doc, lead).filter(|&v| v < end - 1);
            if let Some(v) = after_name.filter(|&v| predicate_word(doc.token_text(v))) {
                end = v;
            }
        }
        // Comma-separated chunks, nearest first.
        let mut chunks: Vec<(usize, usize)> = Vec::new();
        let mut b = end;
        let mut t = end;
        // A comma inside a name ("Department for Environment, Food and Rural Affairs") splits
        // nothing.
        while t > first {
            t -= 1;
            if matches!(
                doc.token_text(t),
                "," | ":" | ";" | "\"" | "“" | "”" | "''" | "``"
            ) && !(doc.token_text(t) == "," && self.in_name_with_comma(doc, t))
            {
                if t + 1 < b {
                    chunks.push((t + 1, b));
                }
                b = t;
                if matches!(doc.token_text(t), ":" | ";" | "\"" | "“" | "”" | "''" | "``") {
                    break;
                }
            }
        }
        if t == first && first < b && !matches!(doc.token_text(first), "," | ":" | ";") {
            chunks.push((first, b));
        }
        let has_person = |a: usize, b: usize| {
            self.entities_in(doc, a, b)
                .iter()
                .any(|&e| self.entities[e].label == EntityLabel::Per)
        };
        // A chunk that opens with a person's name, titles aside ("Dr Mark Tedeschi").
        let person_led = |a: usize, b: usize| {
            let s = (a..b)
                .find(|&t| !TITLES.contains(&doc.token_text(t)))
                .unwrap_or(b);
            s < b
                && self.entities_in(doc, a, b).iter().any(|&e| {
                    self.entities[e].label == EntityLabel::Per
                        && (self.entities[e].span.start == doc.tokens[s].span.start
                            || self.entities[e].span.start == doc.tokens[a].span.start)
                })
        };
        let mut published_by = None;
        for (k, &(a, b)) in chunks.iter().enumerate() {
            // A clause-opening conjunction is no part of the subject ("But he said", "And Mr. Obama said").
            // The words of a name with a comma in it, and a bracketed acronym, do not make a chunk
            // long ("The Department for Environment, Food and Rural Affairs (Defra)", "the UN's
            // Food and Agriculture Organization (FAO)").
            let bracketed = |t: usize| {
                t > a
                    && t + 1 < b
                    && doc.token_text(t - 1) == "("
                    && doc.token_text(t + 1) == ")"
                    && doc.token_text(t).len() >= 2
                    && doc.token_text(t).chars().all(|c| c.is_ascii_uppercase())
            };
            let counted = (a..b)
                .filter(|&t| {
                    !self.in_name_with_comma(doc, t)
                        && !bracketed(t)
                        && !(matches!(doc.token_text(t), "(" | ")")
                            && (bracketed(t + 1) || (t > a && bracketed(t - 1))))
                })
                .count();
            // Before ", who …", a phrase opening with a determiner and holding no auxiliary is a
            // noun phrase, however long ("One doctor working at a hospital near the Turkish
            // border, who asked not to be named, said").
            let described_before_who = || {
                k > 0
                    && matches!(doc.token_text(chunks[k - 1].0), "who" | "whose")
                    && b - a <= 14
                    && !(a..b).any(|t| is_auxiliary(doc.token_text(t)))
                    && matches!(
                        doc.token_text(a).to_lowercase().as_str(),
                        "a" | "an" | "one" | "the" | "another"
                    )
            };
            // A long chunk is a clause, not a name, unless it is such a description; the clause's
            // tail names its subject if it ends with an entity or pronoun ("… and SAMS said").
            let over = b - a > 9 && counted > 9;
            let tail_named = if over {
                self.noun_phrase(doc, b - 4, b)
                    .filter(|s| s.entity.is_some() || s.label == "PRON")
            } else {
                None
            };
            let long = over && !(tail_named.is_none() && described_before_who());
            // So is a subordinating one ("…, although a recent poll found").
            let a = if b - a > 1
                && matches!(
                    doc.token_text(a).to_lowercase().as_str(),
                    "but"
                        | "and"
                        | "yet"
                        | "so"
                        | "or"
                        | "although"
                        | "though"
                        | "while"
                        | "whereas"
                        | "because"
                        | "since"
                        | "unless"
                        | "whilst"
                ) {
                a + 1
            } else {
                a
            };
            // The subject of a verb in a subordinate clause starts after its conjunction ("The
            // minister resigned when [an investigation] found that …"). "After", "before" and
            // "until" are as often prepositions ("A poll conducted after the debate found"), but
            // not after a predicate whose subject was named before it ("Sarah Okafor, resigned
            // on Thursday after [an investigation] found").
            let predicate = {
                let w = doc.token_text(a);
                w.len() > 4 && w.ends_with("ed") && w.starts_with(char::is_lowercase)
            };
            let a = if b == end {
                (a + 1..b.saturating_sub(1))
                    .rev()
                    .find(|&t| {
                        matches!(
                            doc.token_text(t),
                            "when"
                                | "because"
                                | "although"
                                | "though"
                                | "while"
                                | "whilst"
                                | "whereas"
                                | "unless"
                        ) || (predicate && matches!(doc.token_text(t), "after" | "before" | "until"))
                    })
                    .map_or(a, |t| t + 1)
            } else {
                a
            };
            let w = doc.token_text(a);
            let lower = w.to_lowercase();
            let relative = matches!(lower.as_str(), "who" | "which" | "whose" | "where" | "when");
            // An apposition sits between commas after the subject; the chunk touching the verb is the subject.
            let before_comma = b < end;
            let last_word = doc.token_text(b - 1);
            // A phrase opening the sentence before it ("In Sukkur, farmer Abdul Rasheed, 52,
            // said") is no subject for it to describe.
            // So is a participle's phrase opening it ("Speaking to ITV News from a camp, farmer
            // Ghulam Rasool, 54, said", "Asked about the figures, the minister said").
            let fronted = |(x, y): (usize, usize)| {
                let w = doc.token_text(x).to_lowercase();
                let participle = x == first
                    && y > x + 1
                    && !has_person(x, y)
                    && w.len() > 4
                    && (w.ends_with("ing") || w.ends_with("ed"))
                    && self.entity_spans.overlapping(doc.tokens[x].span).is_empty();
                participle
                    || !has_person(x, y) && super::preposition(&w)
                    || matches!(
                        w.as_str(),
                        "yesterday" | "today" | "meanwhile" | "however" | "earlier" | "later" | "elsewhere"
                    )
            };
            // A title before a person's name opens no apposition ("Its medical director,
            // Professor Sir Stephen Powis, warned").
            let titled_name = {
                let s = (a..b)
                    .find(|&t| !TITLES.contains(&doc.token_text(t)))
                    .unwrap_or(b);
                s > a
                    && self.entities_in(doc, s, b).iter().any(|&e| {
                        self.entities[e].label == EntityLabel::Per
                            && self.entities[e].span.start == doc.tokens[s].span.start
                            && self.entities[e].span.end == doc.tokens[b - 1].span.end
                    })
            };
            let apposition = before_comma
                && !titled_name
                && chunks.get(k + 1).is_some_and(|&c| !fronted(c))
                && (role_word(w)
                    || w.starts_with(char::is_lowercase)
                    || (role_word(last_word) && !matches!(last_word, "a" | "an" | "the" | "one")))
                && !PRONOUNS.contains(&lower.as_str());
            // "Hernan Dario Gomez, Panama coach, said", "Tom Molomby, SC, said": between a name
            // and the verb, a chunk naming no person describes that name.
            let describes_name =
                before_comma && !has_person(a, b) && chunks[k + 1..].iter().any(|&(x, y)| person_led(x, y));
            // "Khaled, 28, said": an age between commas describes the name before it.
            let age = before_comma && b - a == 1 && w.parse::<u32>().is_ok_and(|n| n < 130);
            if relative || apposition || describes_name || age {
                // "The figures, released by the health ministry on Monday, show": who published them.
                if apposition && b > a + 1 && doc.token_text(a + 1) == "by" && publishing_word(w) {
                    published_by = Some((a, b));
                }
                continue;
            }
            // A name closing a clause after its last subordinating word is its subject, all of
            // it ("… - as Rubio said", "… after The New York Times reported", "More than 1,100
            // killed as UN warns").
            {
                let boundary = (a..b).rev().find(|&t| {
                    matches!(
                        doc.token_text(t).to_lowercase().as_str(),
                        "that"
                            | "as"
                            | "after"
                            | "when"
                            | "while"
                            | "because"
                            | "since"
                            | "until"
                            | "before"
                            | "—"
                            | "--"
                            | "-"
                    )
                });
                if let Some(x) = boundary.filter(|&x| b - x > 1 && b - x <= 7) {
                    let mut lead = x + 1;
                    while lead < b
                        && (TITLES.contains(&doc.token_text(lead))
                            || matches!(doc.token_text(lead), "The" | "the"))
                    {
                        lead += 1;
                    }
                    let named = [x + 1, lead]
                        .iter()
                        .any(|&l| self.entity_end_at(doc, l).is_some_and(|e| e == b));
                    if named {
                        if let Some(sp) = self.noun_phrase(doc, x + 1, b).filter(|s| s.entity.is_some()) {
                            return Some(sp);
                        }
                    }
                }
            }
            if long {
                return tail_named;
            }
            // The appositions skipped between this chunk and the verb belong to its mention, up to
            // one that opens with a preposition ("…, in remarks to al-Ikhbariya television, said")
            // and only when a comma closes them (else the verb is a relative clause's own).
            let appositions_end = chunks[..k]
                .iter()
                .rev()
                .take_while(|&&(x, _)| {
                    !matches!(
                        doc.token_text(x),
                        "in" | "on"
                            | "at"
                            | "during"
                            | "after"
                            | "before"
                            | "speaking"
                            | "writing"
                            | "according"
                    )
                })
                .last()
                .map(|&(_, y)| y)
                .filter(|&y| y < end);
            let publisher = published_by.and_then(|(x, y)| self.noun_phrase(doc, x, y));
            return self.noun_phrase(doc, a, b).map(|sp| {
                let document = sp.label == "MISC";
                let sp = if self.whole_phrases {
                    let name = sp.entity.map(|e| self.entities[e].span);
                    widen_mention(doc, sp, name, (a, b), appositions_end)
                } else {
                    sp
                };
                match publisher {
                    Some(body) if document => Speaker {
                        mention: sp.mention,
                        ..body
                    },
                    _ => sp,
                }
            });
        }
        None
    }

    /// A name or pronoun opening the clause at token `a` ("Donald Trump is defending …", "He
    /// rejected …"), and the token after it; a leading "But" or "And" skipped.
    pub fn clause_subject(&self, doc: &Doc, a: usize, b: usize) -> Option<(Speaker, usize)> {
        let mut a = a;
        if a + 1 < b && matches!(doc.token_text(a), "But" | "And" | "Yet" | "So") {
            a += 1;
        }
        if a >= b {
            return None;
        }
        if PRONOUNS.contains(&doc.token_text(a).to_lowercase().as_str()) {
            return Some((self.noun_phrase(doc, a, a + 1)?, a + 1));
        }
        // "The Kremlin", "Mr Putin", "Prime Minister Shehbaz Sharif", "Labour MP Jess Phillips":
        // a determiner, titles or capitalised words before the name, unless the entity holds them;
        // the name is the one its verb (a lower-case word) follows.
        let leading = |t: usize| {
            let w = doc.token_text(t);
            matches!(w, "The" | "the")
                || TITLES.contains(&w)
                || (w.starts_with(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || c == '.'))
        };
        let entity_at = |lead: usize| {
            let start = doc.tokens.get(lead)?.span.start;
            (0..self.entities.len()).find(|&i| {
                self.entities[i].span.start == start
                    && matches!(
                        self.entities[i].label,
                        EntityLabel::Per | EntityLabel::Org | EntityLabel::Loc
                    )
            })
        };
        let followed_by_verb = |i: usize| {
            let after = doc.token_at_or_after(self.entities[i].span.end);
            after < b && doc.token_text(after).starts_with(char::is_lowercase)
        };
        let leads: Vec<usize> = (a..b.min(a + 5))
            .take_while(|&t| t == a || leading(t - 1))
            .collect();
        let e = leads
            .iter()
            .filter_map(|&lead| entity_at(lead))
            .find(|&i| followed_by_verb(i));
        let Some(e) = e else {
            // A short description before a verb ("The ministry issued …", "The army has …").
            let verb = (a + 2..b.min(a + 4)).find(|&v| {
                let w = doc.token_text(v);
                w.starts_with(char::is_lowercase) && (is_auxiliary(w) || (w.len() > 4 && w.ends_with("ed")))
            })?;
            let described = matches!(doc.token_text(a), "The" | "the")
                && (a + 1..verb).all(|t| doc.token_text(t).chars().all(char::is_alphabetic));
            return described
                .then(|| self.noun_phrase(doc, a, verb))
                .flatten()
                .map(|s| (s, verb));
        };
        let end = doc.token_at_or_after(self.entities[e].span.end).min(b);
        let mention = Span::new(doc.tokens[a].span.start, self.entities[e].span.end);
        Some((self.speaker_of_entity(e, mention), end))
    }

    /// The speaker named right after a verb ("said Abdulkafi", "said the spokesman").
    pub fn noun_phrase_after(&self, doc: &Doc, start: usize, end: usize) -> Option<Speaker> {
        let b = phrase_end(doc, start, end);
        let speaker = self.noun_phrase(doc, start, b)?;
        // "said its coordinator, Claire Nicolet.", "said the charity's coordinator, Claire
        // Nicolet,": a person named in apposition to a short description is the speaker.
        if speaker.entity.is_none()
            && speaker.label != "PRON"
            && b - start <= 6
            && b + 1 < end.min(doc.tokens.len())
            && doc.token_text(b) == ","
        {
            let named = self
                .entity_spans
                .overlapping(doc.tokens[b + 1].span)
                .into_iter()
                .find(|&e| {
                    self.canon[e].1 == EntityLabel::Per
                        && self.entities[e].span.start == doc.tokens[b + 1].span.start
                });
            if let Some(e) = named {
                let e_end = doc.tokens_in(self.entities[e].span).end;
                let closes = e_end >= end
                    || doc.tokens.get(e_end).is_none_or(|t| {
                        matches!(doc.slice(t.span), "," | "." | "!" | "?" | ";" | "\"" | "”")
                    });
                if closes {
                    let mention = Span::new(doc.tokens[start].span.start, self.entities[e].span.end);
                    return Some(self.speaker_of_entity(e, mention));
                }
            }
        }
        Some(speaker).filter(|s| s.entity.is_some() || s.label == "PRON" || b - start <= 3)
    }

    /// [`Self::noun_phrase_after`] right after a quotation's cue, where a description may run a
    /// few words more ("“…”, say families fleeing El Fasher").
    pub fn noun_phrase_after_quotation(&self, doc: &Doc, start: usize, end: usize) -> Option<Speaker> {
        self.noun_phrase_after(doc, start, end).or_else(|| {
            let b = phrase_end(doc, start, end);
            self.noun_phrase(doc, start, b)
                .filter(|s| b - start <= 6 && s.name.split_whitespace().count() <= 2)
        })
    }

    /// Replace pronoun speakers by the nearest person (he, she) or organisation (they, it) before them.
    pub fn resolve_pronouns(&self, doc: &Doc, quotes: &mut [Quote]) {
        // A name inside someone's quoted words is no antecedent ("Wilkins said, "[Warhol] liked
        // …". She explained"); the contents do not change below, so this is known once.
        let contents = crate::doc::SpanIndex::new(quotes.iter().map(|q| q.content));
        let quoted: Vec<bool> = self
            .entities
            .iter()
            .map(|e| {
                contents
                    .overlapping(e.span)
                    .into_iter()
                    .any(|q| quotes[q].content.contains(e.span))
            })
            .collect();
        // Entities by start, to walk back from a pronoun to the nearest one before it.
        let mut by_start: Vec<usize> = (0..self.entities.len()).collect();
        by_start.sort_by_key(|&i| self.entities[i].span.start);
        for k in 0..quotes.len() {
            let Some(sp) = quotes[k].speaker.clone() else {
                continue;
            };
            if sp.label != "PRON" {
                continue;
            }
            let at = sp.mention.map_or(quotes[k].content.start, |m| m.start);
            let singular_pronoun = matches!(sp.name.as_str(), "he" | "she");
            let want: &[EntityLabel] = match sp.name.as_str() {
                "he" | "she" | "i" => &[EntityLabel::Per],
                "it" => &[EntityLabel::Org],
                _ => &[EntityLabel::Org, EntityLabel::Per, EntityLabel::Misc],
            };
            // The nearest earlier entity of a wanted kind, else the previous named speaker.
            // A MISC group speaks only as a plural ("Afghans"), never as an adjective ("Afghan").
            let group = |i: usize| self.canon[i].1 != EntityLabel::Misc || self.canon[i].0.ends_with('s');
            // "he" is no one a title shows to be a woman, "she" no man.
            let sex = match sp.name.as_str() {
                "he" => Some(false),
                "she" => Some(true),
                _ => None,
            };
            let fits = |name: &str| sex.is_none_or(|f| self.female.get(name).is_none_or(|&g| g == f));
            // A name after a preposition in a person's apposition ("Um Mahmoud, a mother of four
            // from Hama,") is no one a "he" or "she" goes back to: the person is.
            let oblique = |i: usize| {
                let start = doc.tokens_in(self.entities[i].span).start;
                let after_preposition = start
                    .checked_sub(1)
                    .is_some_and(|t| matches!(doc.token_text(t), "from" | "in" | "at" | "near" | "of"));
                if !(singular_pronoun && after_preposition) {
                    return false;
                }
                let sentence_start = doc
                    .sentence_at(self.entities[i].span.start)
                    .map_or(0, |s| doc.sentences[s].tokens.start);
                let opening_comma = (sentence_start.max(start.saturating_sub(20))..start)
                    .rev()
                    .find(|&t| doc.token_text(t) == ",");
                opening_comma.is_some_and(|c| {
                    c > 0
                        && self
                            .entity_spans
                            .overlapping(doc.tokens[c - 1].span)
                            .into_iter()
                            .any(|j| {
                                self.canon[j].1 == EntityLabel::Per
                                    && self.entities[j].span.end == doc.tokens[c - 1].span.end
                            })
                })
            };
            let before = by_start.partition_point(|&i| self.entities[i].span.start < at);
            let by_entity = by_start[..before].iter().rev().copied().find(|&i| {
                self.entities[i].span.end <= at
                    && want.contains(&self.canon[i].1)
                    && !oblique(i)
                    && group(i)
                    && !quoted[i]
                    && fits(&self.canon[i].0)
            });
            // "he", "she" and "it" are no group ("officials who say …").
            let singular = matches!(sp.name.as_str(), "he" | "she" | "it" | "i");
            let previous = quotes[..k]
                .iter()
                .rev()
                .filter_map(|q| q.speaker.as_ref())
                .find(|s| {
                    s.label != "PRON"
                        && want.iter().any(|w| w.as_str() == s.label)
                        && fits(&s.name)
                        && !(singular && plural_description(s))
                })
                .cloned();
            // Whichever was named last: the previous speaker or the nearest entity; but the
            // speaker, a sentence's subject, wins over a name later in its sentence ("…," the air
            // force said in a statement on Telegram. It added …").
            let previous_at = previous.as_ref().and_then(|p| p.mention).map_or(0, |m| m.start);
            let entity_at = by_entity.map_or(0, |i| self.entities[i].span.start);
            let same_sentence = previous_at > 0 && doc.sentence_at(previous_at) == doc.sentence_at(entity_at);
            let resolved = match (by_entity, previous) {
                (Some(_), Some(p)) if previous_at > entity_at || same_sentence => Some(Speaker {
                    mention: sp.mention,
                    ..p
                }),
                (Some(i), _) => Some(Speaker {
                    mention: sp.mention,
                    ..self.speaker_of_entity(i, sp.mention.unwrap_or_default())
                }),
                (None, p) => p.map(|p| Speaker {
                    mention: sp.mention,
                    ..p
                }),
            };
            quotes[k].speaker = resolved.or(Some(Speaker {
                label: "PER".into(),
                ..sp
            }));
        }
    }
}

/// Whether a speaker is a description of several ("officials", "residents", "aid agencies").
fn plural_description(s: &Speaker) -> bool {
    let last = s.name.rsplit(' ').next().unwrap_or_default().to_lowercase();
    s.entity.is_none()
        && ((last.ends_with('s') && !last.ends_with("ss") && !last.ends_with("us") && !last.ends_with("is"))
            || matches!(last.as_str(), "people" | "police" | "children" | "men" | "women"))
}

/// The end of the phrase starting at token `start`: the first punctuation mark, or `end`.
fn phrase_end(doc: &Doc, start: usize, end: usize) -> usize {
    let mut b = start;
    while b < end.min(doc.tokens.len()) && !matches!(doc.token_text(b), "," | "." | ";" | ":" | "!" | "?") {
        b += 1;
    }
    b
}

impl Resolver<'_> {
    /// Quotes with no attribution continue the previous quote's speaker when it is in the same or
    /// the previous paragraph, else belong to the last person named in the two paragraphs before.
    pub fn continue_speakers(&self, doc: &Doc, quotes: &mut [Quote]) {
        let para_of = |at: usize| doc.sentence_at(at).map(|s| doc.sentences[s].paragraph);
        for k in 0..quotes.len() {
            if quotes[k].speaker.is_some() || quotes[k].cue.is_some() {
                continue;
            }
            let here = para_of(quotes[k].content.start);
            if k > 0 {
                let prev = &quotes[k - 1];
                let there = para_of(prev.content.start);
                if let (Some(h), Some(t), Some(sp)) = (here, there, prev.speaker.clone()) {
                    if h >= t && h - t <= 1 {
                        quotes[k].speaker = Some(Speaker { mention: None, ..sp });
                        continue;
                    }
                }
            }
            let Some(h) = here else { continue };
            let start = doc.paragraphs[h.saturating_sub(2)].span.start;
            let at = quotes[k].content.start;
            let nearest = (0..self.entities.len())
                .filter(|&i| {
                    let sp = self.entities[i].span;
                    sp.start >= start && sp.end <= at && self.canon[i].1 == EntityLabel::Per
                })
                .max_by_key(|&i| self.entities[i].span.start);
            if let Some(i) = nearest {
                quotes[k].speaker = Some(Speaker {
                    mention: None,
                    ..self.speaker_of_entity(i, Span::default())
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names() {
        assert!(near("Khaled", "Khalid"));
        assert!(near("Abdulkafi", "Abdulkafy"));
        assert!(!near("Sonia", "Sunday"));
        assert!(!near("Ali", "Alo"), "short names are not matched loosely");
    }

    #[test]
    fn titles_are_dropped() {
        assert_eq!(strip_titles("Dr Ahmad Tarakji"), "Ahmad Tarakji");
        assert_eq!(strip_titles("President Bashar al-Assad"), "Bashar al-Assad");
        assert_eq!(strip_titles("Sir"), "Sir");
        assert_eq!(
            strip_titles("Home Secretary Suella Braverman"),
            "Suella Braverman"
        );
    }

    #[test]
    fn organisations_keep_words_that_are_titles_for_people() {
        use EntityLabel::*;
        assert_eq!(
            speaker_of("The Home Office", &[("Home Office", Org)]),
            Some(("Home Office".to_string(), "ORG".to_string()))
        );
        assert_eq!(
            speaker_of(
                "Home Secretary Suella Braverman",
                &[("Home Secretary Suella Braverman", Per)]
            ),
            Some(("Suella Braverman".to_string(), "PER".to_string()))
        );
    }

    #[test]
    fn descriptions_are_labelled_by_their_head() {
        use EntityLabel::*;
        let named = |name: &str, label: &str| Some((name.to_string(), label.to_string()));
        assert_eq!(speaker_of("The report", &[]), named("report", "MISC"));
        assert_eq!(speaker_of("An analysis", &[]), named("analysis", "MISC"));
        assert_eq!(speaker_of("Two ministries", &[]), named("Two ministries", "ORG"));
        assert_eq!(speaker_of("Officials", &[]), named("Officials", "PER"));
        assert_eq!(speaker_of("The air force", &[]), named("air force", "ORG"));
        assert_eq!(
            speaker_of("One doctor working in Idlib", &[("Idlib", Loc)]),
            named("doctor", "PER")
        );
        // A qualifying phrase after the head is no part of the name.
        assert_eq!(
            speaker_of("Sources close to the company", &[]),
            named("Sources", "PER")
        );
        assert_eq!(
            speaker_of("people familiar with the matter", &[]),
            named("people", "PER")
        );
        assert_eq!(
            speaker_of("A poll conducted in February", &[]),
            named("poll", "MISC")
        );
    }

    #[test]
    fn a_writing_from_a_body_is_its_words() {
        use EntityLabel::*;
        let named = |name: &str, label: &str| Some((name.to_string(), label.to_string()));
        assert_eq!(
            speaker_of("Data from the health ministry", &[]),
            named("health ministry", "ORG")
        );
        assert_eq!(
            speaker_of("A statement from UNICEF", &[("UNICEF", Org)]),
            named("UNICEF", "ORG")
        );
        // A name with "for" or "in" inside it is whole.
        assert_eq!(
            speaker_of(
                "Data from the Office for National Statistics",
                &[("Office for National Statistics", Org)]
            ),
            named("Office for National Statistics", "ORG")
        );
        for (phrase, place) in [
            ("Exit polls from New Hampshire", "New Hampshire"),
            ("A man from Idlib", "Idlib"),
        ] {
            let name = speaker_of(phrase, &[(place, Loc)]).map(|s| s.0);
            assert_ne!(name.as_deref(), Some(place), "{phrase}");
        }
    }

    #[test]
    fn an_organisation_ending_a_short_phrase_is_its_head() {
        use EntityLabel::*;
        assert_eq!(
            speaker_of("The UN children's agency Unicef", &[("UN", Org), ("Unicef", Org)]),
            Some(("Unicef".to_string(), "ORG".to_string()))
        );
        let long = "his advisers to figure out how to cut emissions without Congress";
        assert_ne!(
            speaker_of(long, &[("Congress", Org)]).map(|s| s.0).as_deref(),
            Some("Congress")
        );
    }

    #[test]
    fn an_age_between_commas_is_no_speaker() {
        let doc = Doc::new("Khaled, 28, said the journey was long.");
        let r = Resolver::new(&doc, &[]);
        let said = (0..doc.tokens.len())
            .find(|&t| doc.token_text(t) == "said")
            .unwrap();
        assert_eq!(
            r.noun_phrase_before(&doc, 0, said).map(|s| s.name).as_deref(),
            Some("Khaled")
        );
        // A place opening the sentence is no name for the description to describe.
        let text = "In Sukkur, farmer Abdul Rasheed, 52, said he had lost his crop.";
        let doc = Doc::new(text);
        let start = text.find("Abdul").unwrap();
        let ents = [
            Entity {
                span: Span::new(3, 9),
                label: EntityLabel::Loc,
            },
            Entity {
                span: Span::new(start, start + "Abdul Rasheed".len()),
                label: EntityLabel::Per,
            },
        ];
        let r = Resolver::new(&doc, &ents);
        let said = (0..doc.tokens.len())
            .find(|&t| doc.token_text(t) == "said")
            .unwrap();
        assert_eq!(
            r.noun_phrase_before(&doc, 0, said).map(|s| s.name).as_deref(),
            Some("Abdul Rasheed")
        );
    }

    #[test]
    fn the_ministry_is_a_ministry_named_before() {
        use EntityLabel::*;
        let last_two = |text: &str, ents: &[(&str, EntityLabel)]| {
            let doc = Doc::new(text);
            let entities = entities_of(text, ents);
            let n = doc.tokens.len();
            Resolver::new(&doc, &entities)
                .noun_phrase(&doc, n - 2, n)
                .map(|s| s.name)
        };
        let un = "The United Nations warned of a crisis. The ministry";
        assert_eq!(
            last_two(un, &[("United Nations", Org)]).as_deref(),
            Some("ministry")
        );
        let health = "The Ministry of Health warned of a crisis. The ministry";
        assert_eq!(
            last_two(health, &[("Ministry of Health", Org)]).as_deref(),
            Some("Ministry of Health")
        );
        // The owner of a writing, too.
        let text = "The World Food Programme warned of a crisis. The agency's latest survey";
        let doc = Doc::new(text);
        let entities = entities_of(text, &[("World Food Programme", Org)]);
        let n = doc.tokens.len();
        let survey = Resolver::new(&doc, &entities)
            .noun_phrase(&doc, n - 5, n)
            .map(|s| s.name);
        assert_eq!(survey.as_deref(), Some("World Food Programme"));
    }

    /// Entities of `text` given by their words (each at its first occurrence).
    #[test]
    fn misspelt_names_are_one_person() {
        let text = "Kristin Wilkins spoke. Kristen Wilkins said. Kristen Wilkins added. Wilkins left. \
                    Kathryn Waters came. Water said. Jonas Smith met Jones.";
        let mut entities = Vec::new();
        for (w, at) in [
            ("Kristin Wilkins", 0),
            ("Kristen Wilkins", 0),
            ("Kristen Wilkins", 1),
            ("Wilkins", 3),
            ("Kathryn Waters", 0),
            ("Water", 0),
            ("Jonas Smith", 0),
            ("Jones", 0),
        ] {
            let start = text.match_indices(w).nth(at).unwrap().0;
            entities.push(Entity {
                span: Span::new(start, start + w.len()),
                label: EntityLabel::Per,
            });
        }
        let doc = Doc::new(text);
        let r = Resolver::new(&doc, &entities);
        let names: Vec<&str> = (0..entities.len()).map(|i| r.canonical(i)).collect();
        // The spelling written out most wins; a one-word name takes the full name it is one
        // letter from, but only that name's surname counts ("Jones" is not "Jonas Smith").
        assert_eq!(&names[..4], ["Kristen Wilkins"; 4]);
        assert_eq!(&names[4..6], ["Kathryn Waters"; 2]);
        assert_eq!(&names[6..], ["Jonas Smith", "Jones"]);
        assert!(misspelt(&["Kristin", "Wilkins"], &["Kristen", "Wilkins"]));
        assert!(!misspelt(&["Kristin", "Wilkens"], &["Kristen", "Wilkins"]));
    }

    fn entities_of(text: &str, ents: &[(&str, EntityLabel)]) -> Vec<Entity> {
        ents.iter()
            .map(|&(w, label)| {
                let start = text.find(w).unwrap();
                Entity {
                    span: Span::new(start, start + w.len()),
                    label,
                }
            })
            .collect()
    }

    /// The speaker named by the whole of `text`, with these entities (by their words).
    fn speaker_of(text: &str, ents: &[(&str, EntityLabel)]) -> Option<(String, String)> {
        let doc = Doc::new(text);
        let entities = entities_of(text, ents);
        let r = Resolver::new(&doc, &entities);
        r.noun_phrase(&doc, 0, doc.tokens.len())
            .map(|s| (s.name, s.label))
    }

    /// The subject of the last "said" in `text`, with these entities (by their words): its name
    /// and the words of its mention.
    fn said_by(text: &str, ents: &[(&str, EntityLabel)]) -> Option<(String, Option<String>)> {
        let doc = Doc::new(text);
        let entities = entities_of(text, ents);
        let r = Resolver::new(&doc, &entities);
        let verb = (0..doc.tokens.len())
            .rev()
            .find(|&t| doc.token_text(t) == "said")?;
        let speaker = r.noun_phrase_before(&doc, 0, verb)?;
        Some((speaker.name, speaker.mention.map(|m| doc.slice(m).to_string())))
    }

    /// The name of the subject of the last "said" in `text`.
    fn subject_of_said(text: &str, ents: &[(&str, EntityLabel)]) -> Option<String> {
        said_by(text, ents).map(|(name, _)| name)
    }

    /// The mention of the subject of the last "said" in `text`.
    fn mention_of_said(text: &str, ents: &[(&str, EntityLabel)]) -> Option<String> {
        said_by(text, ents).and_then(|(_, mention)| mention)
    }

    #[test]
    fn the_group_is_no_name_from_a_fronted_phrase() {
        use EntityLabel::*;
        let ents = [("RSF", Org), ("Telegram", Org)];
        assert_eq!(
            subject_of_said(
                "The RSF denied it. In a statement posted on Telegram, the group said",
                &ents
            )
            .as_deref(),
            Some("RSF")
        );
        assert_eq!(
            subject_of_said("The RSF denied it. Telegram, the group said", &ents).as_deref(),
            Some("Telegram")
        );
    }

    #[test]
    fn a_part_of_a_group_is_named_by_the_group() {
        assert_eq!(
            said_by("One of the doctors said the wards were full.", &[]),
            Some(("doctors".to_string(), Some("One of the doctors".to_string())))
        );
        // "one of them" stands for a group named before, as "they" does.
        let doc = Doc::new("One of them said the wards were full.");
        let r = Resolver::new(&doc, &[]);
        let speaker = r.noun_phrase(&doc, 0, 3).unwrap();
        assert_eq!((speaker.name.as_str(), speaker.label.as_str()), ("they", "PRON"));
        assert_eq!(doc.slice(speaker.mention.unwrap()), "One of them");
    }

    #[test]
    fn a_long_description_before_who_is_the_subject() {
        let text = "One doctor working at a hospital near the Turkish border, who asked not to be named for his safety, said the wards were full.";
        let (name, _) = said_by(text, &[("Turkish", EntityLabel::Misc)]).unwrap();
        assert_eq!(name, "doctor");
        // Not a clause ending in the antecedent of "who".
        let text = "The last question at the event was from a young child, who said he had driven six hours.";
        assert_ne!(
            said_by(text, &[]).map(|(name, _)| name).as_deref(),
            Some("last question")
        );
    }

    #[test]
    fn a_dateline_is_not_the_subject() {
        use EntityLabel::*;
        let ents = [("KHARTOUM", Loc), ("Sudan", Loc), ("AP", Org)];
        assert_eq!(
            mention_of_said("KHARTOUM, Sudan (AP) — Aid agencies said", &ents).as_deref(),
            Some("Aid agencies")
        );
        assert_eq!(
            mention_of_said(
                "WASHINGTON -- President Obama, opening the museum on Saturday, said",
                &[("WASHINGTON", Loc), ("Obama", Per)]
            )
            .as_deref(),
            Some("President Obama, opening the museum on Saturday")
        );
        // A dash after a lower-case word is no dateline.
        assert!(
            mention_of_said("NGO workers — in Geneva — said", &[("Geneva", Loc)])
                .is_some_and(|m| m.starts_with("NGO workers")),
        );
    }

    #[test]
    fn a_second_predicate_shares_the_named_subject() {
        use EntityLabel::*;
        assert_eq!(
            mention_of_said(
                "Chancellor Jeremy Hunt welcomed the figures but said",
                &[("Jeremy Hunt", Per)]
            )
            .as_deref(),
            Some("Chancellor Jeremy Hunt")
        );
        assert_eq!(
            mention_of_said("The ONS has expressed concerns and said", &[("ONS", Org)]).as_deref(),
            Some("The ONS")
        );
    }

    #[test]
    fn a_name_closing_a_long_clause_is_its_subject() {
        use EntityLabel::*;
        assert_eq!(
            mention_of_said(
                "The senator kept on making jokes about his rival's hands - as Rubio said",
                &[("Rubio", Per)]
            )
            .as_deref(),
            Some("Rubio")
        );
        assert_eq!(
            mention_of_said(
                "The network announced last week that it would stop covering the race after the Huffington Post said",
                &[("Huffington Post", Org)]
            )
            .as_deref(),
            Some("the Huffington Post")
        );
    }

    #[test]
    fn a_bracketed_acronym_makes_no_subject_long() {
        use EntityLabel::*;
        let org = "Food and Agriculture Organization";
        assert_eq!(
            subject_of_said(
                &format!("It is the worst drought, the UN's {org} (FAO) said"),
                &[("UN", Org), (org, Org), ("FAO", Org)]
            )
            .as_deref(),
            Some(org)
        );
        // Five words at most before an organisation heading the phrase: a person first is the
        // speaker ("Phil Musser of digital consulting firm IMGE").
        assert_eq!(
            speaker_of(
                "Phil Musser of digital consulting firm IMGE",
                &[("Phil Musser", Per), ("IMGE", Org)]
            )
            .map(|s| s.0)
            .as_deref(),
            Some("Phil Musser")
        );
    }

    #[test]
    fn a_comma_inside_a_name_splits_no_subject() {
        use EntityLabel::*;
        let name = "Department for Environment, Food and Rural Affairs";
        assert_eq!(
            mention_of_said(
                &format!("The {name} (Defra) said"),
                &[(name, Org), ("Defra", Org)]
            )
            .as_deref(),
            Some("The Department for Environment, Food and Rural Affairs (Defra)")
        );
    }

    #[test]
    fn a_mention_keeps_the_titles_before_the_name() {
        use EntityLabel::*;
        let text = "Gen. Nabil Abdallah (a spokesman)";
        let doc = Doc::new(text);
        let entities = entities_of(text, &[("Nabil Abdallah", Per)]);
        let r = Resolver::new(&doc, &entities);
        let speaker = r.noun_phrase(&doc, 0, doc.tokens.len()).unwrap();
        assert_eq!(speaker.name, "Nabil Abdallah");
        assert_eq!(doc.slice(speaker.mention.unwrap()), "Gen. Nabil Abdallah");
    }

    #[test]
    fn figures_released_by_a_body_are_its_words() {
        use EntityLabel::*;
        let said = |text: &str, ents: &[(&str, EntityLabel)]| subject_of_said(text, ents);
        assert_eq!(
            said(
                "The figures, released by the health ministry on Monday, said 40 died.",
                &[]
            )
            .as_deref(),
            Some("health ministry")
        );
        assert_eq!(
            said(
                "The figures, released by UNICEF on Monday, said 40 died.",
                &[("UNICEF", Org)]
            )
            .as_deref(),
            Some("UNICEF")
        );
        // A place after the body is where it is, not who published.
        assert_eq!(
            said(
                "Figures released by the health ministry in Sanaa said 40 died.",
                &[("Sanaa", Loc)]
            )
            .as_deref(),
            Some("health ministry")
        );
        // Only who published it: "a man shot by police" said his own words.
        assert_eq!(
            said("The man, shot by police on Monday, said he was unarmed.", &[]).as_deref(),
            Some("man")
        );
    }

    #[test]
    fn a_chunk_naming_no_person_between_a_name_and_the_verb_describes_the_name() {
        use EntityLabel::*;
        assert_eq!(
            subject_of_said(
                "After the match, Hernan Dario Gomez, Panama coach, said",
                &[("Hernan Dario Gomez", Per), ("Panama", Loc)]
            ),
            Some("Hernan Dario Gomez".to_string())
        );
        assert_eq!(
            subject_of_said(
                "Cynthia Thompson, director of exhibits at the University of Arkansas, Fayetteville, said",
                &[
                    ("Cynthia Thompson", Per),
                    ("University of Arkansas", Org),
                    ("Fayetteville", Loc)
                ]
            ),
            Some("Cynthia Thompson".to_string())
        );
        // A person in the chunk next to the verb is the subject; a chunk that only mentions a
        // person ("In a letter to John Smith") does not take the verb from the chunk after it.
        assert_eq!(
            subject_of_said("The firm's chief, John Smith, said", &[("John Smith", Per)]),
            Some("John Smith".to_string())
        );
        assert_eq!(
            subject_of_said(
                "In a letter to John Smith, Acme Corp, said",
                &[("John Smith", Per), ("Acme Corp", Org)]
            ),
            Some("Acme Corp".to_string())
        );
    }

    #[test]
    fn a_name_after_a_possessive_name_is_the_head() {
        use EntityLabel::*;
        assert_eq!(
            speaker_of(
                "Saudi Arabia's Civil Defense Authority",
                &[("Saudi Arabia", Loc), ("Civil Defense Authority", Org)]
            ),
            Some(("Civil Defense Authority".to_string(), "ORG".to_string()))
        );
        assert_eq!(
            speaker_of("the ministry's spokesman", &[]).map(|s| s.0),
            Some("ministry's spokesman".to_string()),
            "no name after the possessive: unchanged"
        );
        assert_eq!(
            speaker_of("Reuters' analysis", &[("Reuters", Org)]).map(|s| s.0),
            Some("Reuters".to_string())
        );
        // Those who speak for a person are not that person.
        assert_eq!(
            speaker_of("Mr Johnson's spokesman", &[("Johnson", Per)]).map(|s| s.0),
            Some("Mr Johnson's spokesman".to_string())
        );
        assert_eq!(
            speaker_of("Mr Johnson's daughter Anna", &[("Johnson", Per), ("Anna", Per)]).map(|s| s.0),
            Some("Anna".to_string())
        );
        // A place's body or office is not the place.
        for phrase in [
            "Syria's health ministry",
            "Britain's biggest union",
            "Chad's Ambassador",
        ] {
            let place = &phrase[..phrase.find('\'').unwrap()];
            assert_eq!(
                speaker_of(phrase, &[(place, Loc)]).map(|s| s.0),
                Some(phrase.to_string()),
                "{phrase}"
            );
        }
        assert_eq!(
            speaker_of(
                "Germany's Angela Merkel",
                &[("Germany", Loc), ("Angela Merkel", Per)]
            )
            .map(|s| s.0),
            Some("Angela Merkel".to_string())
        );
    }

    #[test]
    fn a_person_ending_the_phrase_is_its_head() {
        use EntityLabel::*;
        let per = |n: &str| Some((n.to_string(), "PER".to_string()));
        assert_eq!(
            speaker_of(
                "Joint Council for the Welfare of Immigrants campaigner Caitlin Boswell",
                &[
                    ("Joint Council for the Welfare of Immigrants", Org),
                    ("Caitlin Boswell", Per)
                ]
            ),
            per("Caitlin Boswell")
        );
        assert_eq!(
            speaker_of(
                "Minister of Education Stefania Giannini",
                &[("Education", Org), ("Stefania Giannini", Per)]
            ),
            per("Stefania Giannini")
        );
        assert_eq!(
            speaker_of("Administrator Bolden", &[("Bolden", Per)]),
            per("Bolden")
        );
        // A person linked to the head by a preposition is not the speaker.
        assert_ne!(
            speaker_of("the mother of Ahmed Mohamed", &[("Ahmed Mohamed", Per)]),
            per("Ahmed Mohamed")
        );
        assert_ne!(speaker_of("critics of Smith", &[("Smith", Per)]), per("Smith"));
        assert_eq!(
            speaker_of(
                "American academic and professor Marc Lamont Hill",
                &[("American", Misc), ("Marc Lamont Hill", Per)]
            ),
            per("Marc Lamont Hill")
        );
        assert_ne!(
            speaker_of(
                "A spokesman for Prime Minister Boris Johnson",
                &[("Boris Johnson", Per)]
            ),
            per("Boris Johnson")
        );
    }

    #[test]
    fn a_nationality_modifying_the_head_is_no_speaker() {
        use EntityLabel::*;
        let name = |t: &str, e: &[(&str, EntityLabel)]| speaker_of(t, e).map(|s| s.0);
        assert_ne!(
            name("the Afghan team's coach", &[("Afghan", Misc)]),
            Some("Afghan".into())
        );
        // A coordinated name is still the speaker.
        assert_eq!(
            name(
                "Save the Children and its partner",
                &[("Save the Children", Misc)]
            ),
            Some("Save the Children".into())
        );
    }

    #[test]
    fn descriptions_stop_at_auxiliaries_and_pronouns_lead() {
        assert_eq!(
            speaker_of("the report has prompted", &[]).map(|s| s.0),
            Some("report".to_string())
        );
        assert_eq!(speaker_of("must be well", &[]), None);
        // Nor run over a past tense with its object, nor end with a conjunction.
        let name = |text: &str| speaker_of(text, &[]).map(|s| s.0);
        assert_eq!(name("The town released a statement"), Some("town".to_string()));
        assert_eq!(name("Oxfam welcomed the figures but"), Some("Oxfam".to_string()));
        assert_eq!(name("all the unions and"), Some("all the unions".to_string()));
        assert_eq!(name("the armed forces"), Some("armed forces".to_string()));
        assert_eq!(
            speaker_of("I was basically hauled in", &[]),
            Some(("i".to_string(), "PRON".to_string()))
        );
    }
}
