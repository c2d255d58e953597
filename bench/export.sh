#!/usr/bin/env bash
# Export benchmark: a 100,000-word novel from the offline writer (`authorworks generate`), exported
# with `authorworks export` to EPUB and to PDF, against pandoc (EPUB) and pandoc + WeasyPrint (PDF)
# converting the same book's Markdown. Every command is timed with /usr/bin/time (wall clock and
# peak resident memory); each runs ROUNDS times and the median is reported. Builds nothing: it
# expects build/authorworks (or BIN=...).
#
#   bench/export.sh                 a 100,000-word novel, a few minutes (WeasyPrint is the slow one)
#   WORDS=20000                     a smaller book, for quick runs
#   ROUNDS=3                        runs of each command (the median is reported)
#   BIN=path/to/authorworks         the binary to measure (default: build/authorworks)
#
# Targets: EPUB in at most 1 s and at least 5x faster than pandoc; PDF in at most 10 s.
# Exit status: 0 when every target is met, 1 when one is missed, 2 when it cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
source bench/lib.sh

BIN="${BIN:-build/authorworks}"
WORDS="${WORDS:-100000}"
ROUNDS="${ROUNDS:-3}"
TITLE="The Long Harbour"
SLUG="the-long-harbour"

TARGET_EPUB_SECONDS=1
TARGET_EPUB_RATIO=5
TARGET_PDF_SECONDS=10

die() { echo "bench/export.sh: $*" >&2; exit 2; }

case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
[ -x "$BIN" ] || die "$BIN is missing; build it first: scripts/build.sh"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time, or scripts/install-deps.sh --test)"
command -v pandoc >/dev/null || die "pandoc is missing (scripts/install-deps.sh --test)"
command -v weasyprint >/dev/null || die "weasyprint is missing (scripts/install-deps.sh --test)"
case "$WORDS" in '' | *[!0-9]*) die "WORDS must be a whole number" ;; esac
case "$ROUNDS" in '' | *[!0-9]* | 0) die "ROUNDS must be a whole number above 0" ;; esac

WORK="$(mktemp -d /tmp/authorworks-bench-export.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
BOOK="$WORK/book"

echo "writing a ${WORDS}-word novel with the offline writer..."
(cd "$WORK" && env -i PATH="$PATH" HOME="$WORK" "$BIN" generate --title "$TITLE" --words "$WORDS" \
  --author "Bench Mark" --braindump "A harbour town, a lighthouse, letters from a drowned brother." \
  --out "$BOOK" >"$WORK/generate.log" 2>&1) || { cat "$WORK/generate.log" >&2; die "generate failed"; }
MARKDOWN="$BOOK/$SLUG.md"
[ -f "$MARKDOWN" ] || die "generate wrote no $MARKDOWN"
WORDS_WRITTEN="$(sed -n 's/^words: //p' "$MARKDOWN" | head -1)"
echo "book: $WORDS_WRITTEN words, $(wc -c <"$MARKDOWN") bytes of Markdown"

# measure NAME COMMAND...: runs the command ROUNDS times; sets SECONDS_<NAME> and PEAK_MB_<NAME>
# to the medians.
measure() {
  local name="$1"; shift
  local times="" peaks=""
  for _ in $(seq "$ROUNDS"); do
    if ! /usr/bin/time -f "%e %M" -o "$WORK/time.$name" "$@" >"$WORK/out.$name" 2>&1; then
      cat "$WORK/out.$name" >&2
      die "$name failed: $*"
    fi
    read -r elapsed peak_kb <"$WORK/time.$name"
    times="$times $elapsed"
    peaks="$peaks $peak_kb"
  done
  printf -v "SECONDS_$name" '%s' "$(echo "$times" | median)"
  printf -v "PEAK_MB_$name" '%s' "$(echo "$peaks" | median | awk '{ printf "%.0f", $1 / 1024 }')"
}

echo "timing (median of $ROUNDS runs each)..."
measure aw_epub "$BIN" export "$BOOK" --format epub --output "$WORK/aw.epub"
measure aw_pdf "$BIN" export "$BOOK" --format pdf --output "$WORK/aw.pdf"
measure pandoc_epub pandoc "$MARKDOWN" -o "$WORK/pandoc.epub"
measure pandoc_pdf bash -c 'pandoc "$1" -s -t html5 -o "$2/pandoc.html" --metadata pagetitle=bench && \
  weasyprint "$2/pandoc.html" "$2/pandoc.pdf"' _ "$MARKDOWN" "$WORK"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.01; printf "%.1f", a / b }'; }
EPUB_RATIO="$(ratio "$SECONDS_pandoc_epub" "$SECONDS_aw_epub")"
PDF_RATIO="$(ratio "$SECONDS_pandoc_pdf" "$SECONDS_aw_pdf")"
size() { du -k "$1" | awk '{ printf "%.1f MB", $1 / 1024 }'; }

echo
printf '%-28s %10s %10s %10s\n' "" "time (s)" "peak (MB)" "file"
printf '%-28s %10s %10s %10s\n' "authorworks export epub" "$SECONDS_aw_epub" "$PEAK_MB_aw_epub" "$(size "$WORK/aw.epub")"
printf '%-28s %10s %10s %10s\n' "pandoc (EPUB)" "$SECONDS_pandoc_epub" "$PEAK_MB_pandoc_epub" "$(size "$WORK/pandoc.epub")"
printf '%-28s %10s %10s %10s\n' "authorworks export pdf" "$SECONDS_aw_pdf" "$PEAK_MB_aw_pdf" "$(size "$WORK/aw.pdf")"
printf '%-28s %10s %10s %10s\n' "pandoc + weasyprint (PDF)" "$SECONDS_pandoc_pdf" "$PEAK_MB_pandoc_pdf" "$(size "$WORK/pandoc.pdf")"
echo
echo "EPUB: pandoc takes ${EPUB_RATIO}x as long; PDF: pandoc + weasyprint take ${PDF_RATIO}x as long"
echo "render time reported by authorworks itself, last run: $(sed -n 's/.*(epub, [^,]*, \(.*\))$/\1/p' "$WORK/out.aw_epub") (EPUB)," \
  "$(sed -n 's/.*(pdf, [^,]*, \(.*\))$/\1/p' "$WORK/out.aw_pdf") (PDF)"

missed=0
check() {
  local what="$1" ok="$2"
  if [ "$ok" = 1 ]; then echo "target met:    $what"; else echo "target MISSED: $what"; missed=1; fi
}
check "EPUB in at most ${TARGET_EPUB_SECONDS} s (${SECONDS_aw_epub} s)" \
  "$(awk -v t="$SECONDS_aw_epub" -v m="$TARGET_EPUB_SECONDS" 'BEGIN { print (t <= m) ? 1 : 0 }')"
check "EPUB at least ${TARGET_EPUB_RATIO}x faster than pandoc (${EPUB_RATIO}x)" \
  "$(awk -v r="$EPUB_RATIO" -v m="$TARGET_EPUB_RATIO" 'BEGIN { print (r >= m) ? 1 : 0 }')"
check "PDF in at most ${TARGET_PDF_SECONDS} s (${SECONDS_aw_pdf} s)" \
  "$(awk -v t="$SECONDS_aw_pdf" -v m="$TARGET_PDF_SECONDS" 'BEGIN { print (t <= m) ? 1 : 0 }')"
exit "$missed"
