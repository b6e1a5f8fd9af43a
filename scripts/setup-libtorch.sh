#!/usr/bin/env bash
# Assemble a CPU-usable libtorch 2.4.0 (the version torch-sys/tch 0.17 expects)
# from PyPI wheels, for the optional `bert` feature of factx.
#
# Usage: scripts/setup-libtorch.sh [TARGET_DIR]
#   TARGET_DIR defaults to $FACTX_LIBTORCH, then $HOME/.cache/factx/libtorch-2.4.0
#
# Only PyPI is needed (download.pytorch.org is not used). The torch 2.4.0 wheel
# is a CUDA 12.1 build; we keep only the CPU libraries plus the two small CUDA
# runtime libs that libtorch_cpu.so is linked against (libcudart, libcupti),
# and drop the DT_NEEDED entry for libtorch_cuda.so from the libtorch.so shim.
# Since lib/libtorch_cuda.so is absent, torch-sys builds in CPU-only mode.
#
# Resulting layout (what torch-sys 0.17 build.rs reads when LIBTORCH is set):
#   $dir/include/...                      (-I include)
#   $dir/include/torch/csrc/api/include   (-I include/torch/csrc/api/include)
#   $dir/lib/lib{torch_cpu,torch,c10}.so  (-ltorch_cpu -ltorch -lc10)
#   $dir/lib/libgomp.so -> bundled gomp   (-lgomp)
#   $dir/build-version                    (checked against "2.4.0")
#   $dir/env.sh                           (exports to source)
# The wheels are built with the pre-C++11 ABI, hence LIBTORCH_CXX11_ABI=0.
set -euo pipefail

TORCH_VERSION=2.4.0
CUDA_LIBS_VERSION=12.1.105

dir="${1:-${FACTX_LIBTORCH:-$HOME/.cache/factx/libtorch-${TORCH_VERSION}}}"
# Make the path absolute (it ends up in LIBTORCH / LD_LIBRARY_PATH).
case "$dir" in
  /*) ;;
  *) dir="$PWD/$dir" ;;
esac
dir="${dir%/}"

print_env() {
  # shellcheck disable=SC2016
  printf 'export LIBTORCH=%s\nexport LIBTORCH_CXX11_ABI=0\nexport LD_LIBRARY_PATH=%s/lib:${LD_LIBRARY_PATH:-}\n' \
    "$dir" "$dir"
}

if [[ -f "$dir/lib/libtorch_cpu.so" ]]; then
  echo "# libtorch ${TORCH_VERSION} already present in $dir (cached)" >&2
  print_env
  exit 0
fi

if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  echo "error: this script only supports Linux x86_64 (got $(uname -s)-$(uname -m))" >&2
  exit 1
fi
command -v python3 >/dev/null || { echo "error: python3 is required" >&2; exit 1; }
python3 -m pip --version >/dev/null 2>&1 || {
  echo "error: pip is required (python3 -m pip)" >&2
  exit 1
}

# Never clobber an existing, non-empty directory we did not create.
if [[ -e "$dir" ]] && [[ ! -d "$dir" || -n "$(ls -A "$dir")" ]]; then
  echo "error: $dir exists but has no lib/libtorch_cpu.so; remove it or pick another directory" >&2
  exit 1
fi

start=$(date +%s)
mkdir -p "$(dirname "$dir")"
tmp="$(mktemp -d "$(dirname "$dir")/.libtorch-tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# Pinned by hash: the download is ~800 MB and we only trust these exact files.
cat >"$tmp/requirements.txt" <<EOF
torch==${TORCH_VERSION} --hash=sha256:e743adadd8c8152bb8373543964551a7cb7cc20ba898dc8f9c0cdbe47c283de0
nvidia-cuda-runtime-cu12==${CUDA_LIBS_VERSION} --hash=sha256:6e258468ddf5796e25f1dc591a31029fa317d97a0a94ed93468fc86301d61e40
nvidia-cuda-cupti-cu12==${CUDA_LIBS_VERSION} --hash=sha256:e54fde3983165c624cb79254ae9818a456eb6e87a7fd4d56a2352c24ee542d7e
EOF

echo "# downloading torch ${TORCH_VERSION} + CUDA runtime wheels from PyPI..." >&2
# The torch 2.4.0 cp311 wheel is tagged manylinux1_x86_64.
python3 -m pip download --quiet --disable-pip-version-check \
  --no-deps --only-binary=:all: \
  --python-version 3.11 --implementation cp --abi cp311 \
  --platform manylinux1_x86_64 \
  --require-hashes -r "$tmp/requirements.txt" \
  -d "$tmp/wheels" >&2

stage="$tmp/libtorch"
mkdir -p "$stage/include" "$stage/lib"

echo "# extracting headers and CPU libraries..." >&2
python3 - "$tmp/wheels" "$stage" <<'PY'
import fnmatch, glob, os, shutil, stat, sys, zipfile

wheels, stage = sys.argv[1], sys.argv[2]

def extract(whl, rules):
    """rules: list of (glob pattern on archive name, function name -> dest path)."""
    n = 0
    with zipfile.ZipFile(whl) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            for pat, dest in rules:
                if fnmatch.fnmatchcase(info.filename, pat):
                    out = dest(info.filename)
                    os.makedirs(os.path.dirname(out), exist_ok=True)
                    with zf.open(info) as src, open(out, "wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                    mode = (info.external_attr >> 16) & 0o777
                    os.chmod(out, mode | 0o644 if mode else 0o644)
                    n += 1
                    break
    return n

def one(pattern):
    found = glob.glob(os.path.join(wheels, pattern))
    if len(found) != 1:
        sys.exit(f"expected exactly one wheel matching {pattern}, got {found}")
    return found[0]

lib = lambda name: os.path.join(stage, "lib", os.path.basename(name))
inc = lambda name: os.path.join(stage, "include", name[len("torch/include/"):])

n = extract(one("torch-*.whl"), [
    ("torch/include/*", inc),
    ("torch/lib/libtorch_cpu.so", lib),
    ("torch/lib/libtorch.so", lib),
    ("torch/lib/libc10.so", lib),
    ("torch/lib/libgomp*.so*", lib),
])
n += extract(one("nvidia_cuda_runtime_cu12-*.whl"), [("nvidia/cuda_runtime/lib/libcudart.so.12", lib)])
n += extract(one("nvidia_cuda_cupti_cu12-*.whl"), [("nvidia/cuda_cupti/lib/libcupti.so.12", lib)])
print(f"# extracted {n} files", file=sys.stderr)
PY

# libtorch.so from the CUDA wheel is a thin shim whose DT_NEEDED list contains
# libtorch_cuda.so (~900 MB), which we deliberately do not ship. Remove that
# entry (same thing `patchelf --remove-needed` does) so the shim loads on CPU.
python3 - "$stage/lib/libtorch.so" libtorch_cuda.so <<'PY'
import struct, sys

path, drop = sys.argv[1], sys.argv[2].encode()
data = bytearray(open(path, "rb").read())
assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, "need ELF64 little-endian"
e_phoff, = struct.unpack_from("<Q", data, 0x20)
e_phentsize, e_phnum = struct.unpack_from("<HH", data, 0x36)
phdrs = [struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * e_phentsize) for i in range(e_phnum)]

def vaddr_to_off(va):
    for p_type, _, p_offset, p_vaddr, _, p_filesz, _, _ in phdrs:
        if p_type == 1 and p_vaddr <= va < p_vaddr + p_filesz:  # PT_LOAD
            return va - p_vaddr + p_offset
    raise SystemExit(f"vaddr {va:#x} not in any PT_LOAD")

dyn = next(p for p in phdrs if p[0] == 2)  # PT_DYNAMIC
d_off, d_size = dyn[2], dyn[5]
entries = [struct.unpack_from("<qQ", data, d_off + i) for i in range(0, d_size, 16)]
strtab = vaddr_to_off(next(v for t, v in entries if t == 5))  # DT_STRTAB

def dstr(v):
    s = strtab + v
    return bytes(data[s:data.index(b"\0", s)])

kept = [(t, v) for t, v in entries if not (t == 1 and dstr(v) == drop)]  # DT_NEEDED
removed = len(entries) - len(kept)
kept += [(0, 0)] * removed  # pad with DT_NULL, section size unchanged
for i, (t, v) in enumerate(kept):
    struct.pack_into("<qQ", data, d_off + 16 * i, t, v)
open(path, "wb").write(data)
needed = [dstr(v).decode() for t, v in kept if t == 1]
print(f"# {path}: removed {removed} DT_NEEDED {drop.decode()}; NEEDED now {needed}", file=sys.stderr)
PY

# torch-sys links with -lgomp: make it resolve to the bundled OpenMP runtime
# (SONAME libgomp.so.1) rather than the system one, so only one copy is loaded.
gomp="$(cd "$stage/lib" && ls libgomp-*.so.1 2>/dev/null | head -n1)"
if [[ -n "$gomp" ]]; then
  ln -sf "$gomp" "$stage/lib/libgomp.so"
  ln -sf "$gomp" "$stage/lib/libgomp.so.1"
fi

# Sanity checks on the layout torch-sys 0.17 expects.
for f in include/torch/csrc/api/include/torch/all.h include/ATen/ATen.h \
         lib/libtorch_cpu.so lib/libtorch.so lib/libc10.so lib/libcudart.so.12 lib/libcupti.so.12; do
  [[ -e "$stage/$f" ]] || { echo "error: missing $f after extraction" >&2; exit 1; }
done
if [[ -e "$stage/lib/libtorch_cuda.so" ]]; then
  echo "error: libtorch_cuda.so must not be present (torch-sys would enable CUDA)" >&2
  exit 1
fi

echo "$TORCH_VERSION" >"$stage/build-version"
# env.sh is written for the final location.
print_env >"$stage/env.sh"

# Atomic install: only a complete tree ever appears at $dir.
[[ -d "$dir" ]] && rmdir "$dir"
mv "$stage" "$dir"

end=$(date +%s)
echo "# libtorch ${TORCH_VERSION} (CPU) ready in $dir ($(du -sh "$dir" | cut -f1), $((end - start))s)" >&2
echo "# add to your shell (or: source $dir/env.sh):" >&2
print_env
