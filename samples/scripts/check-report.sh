#!/usr/bin/env bash
# Opens the campus demo's HTML report in headless Chromium, takes a screenshot, and checks that every
# chart rendered: the page's own script counts the SVG charts that laid out with a size and drawn
# elements and writes the count into <body data-charts-rendered="N">; this script compares it with the
# number of charts in the file. Chromium is not needed by the build; install it with
#   apt-get install -y chromium
# Usage: samples/scripts/check-report.sh [report.html] [screenshot.png]
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
report="${1:-$here/target/report/report.html}"
shot="${2:-$(dirname "$report")/report.png}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"

if [[ -z "$browser" ]]; then
  echo "no Chromium found: apt-get install -y chromium" >&2
  exit 2
fi
if [[ ! -s "$report" ]]; then
  echo "no report at $report: run the demo first (./mvnw -B -q -pl samples -am compile exec:java)" >&2
  exit 2
fi

flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --disable-extensions
       --no-first-run --user-data-dir="$(mktemp -d)" --virtual-time-budget=5000)
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"

"$browser" "${flags[@]}" --window-size=1000,3200 --screenshot="$shot" "$url" >/dev/null 2>&1
dom="$("$browser" "${flags[@]}" --dump-dom "$url" 2>/dev/null)"

expected="$(grep -o '<svg class="chart"' "$report" | wc -l)"
rendered="$(sed -n 's/.*data-charts-rendered="\([0-9]*\)".*/\1/p' <<<"$dom" | head -1)"
bytes="$(stat -c %s "$shot" 2>/dev/null || echo 0)"

echo "charts in the report: $expected, rendered by Chromium: ${rendered:-none}; screenshot $shot ($bytes bytes)"
if [[ -z "$rendered" || "$rendered" != "$expected" || "$expected" -lt 1 ]]; then
  echo "FAILED: not every chart rendered" >&2
  exit 1
fi
if [[ "$bytes" -lt 20000 ]]; then
  echo "FAILED: the screenshot is suspiciously small" >&2
  exit 1
fi
echo "OK"
