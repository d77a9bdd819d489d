#!/usr/bin/env bash
# Lighthouse 12 (mobile, default throttling) on the built site: performance score, total
# blocking time and layout shift of mdBook's own index.html and of the generated pages.
# Not a test (the figures depend on the machine); run it on a quiet machine:
#
#   site-tests/lighthouse/run.sh                 # builds the book, then measures
#   BOOK=path/to/book site-tests/lighthouse/run.sh api-map/io.html   # another book, other pages
#
# Needs node/npm (lighthouse is installed from npm into target/lighthouse on first use) and
# Chromium (CHROME_PATH, default /usr/bin/chromium). Reports: target/lighthouse/*.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/lighthouse
mkdir -p "$out"
if [ -z "${BOOK:-}" ]; then
  cargo run --quiet --release --locked -p mdbook-apimap -- build . --dest-dir "$out/book"
  BOOK=$out/book
fi
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(index.html api-map/task.html api-map/cheat-sheet.html)
if [ ! -x "$out/node_modules/.bin/lighthouse" ]; then
  npm install --silent --no-save --no-audit --no-fund --prefix "$out" lighthouse@12 >&2
fi
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
node site-tests/lighthouse/serve.mjs "$BOOK" "$port" &
server=$!
trap 'kill $server' EXIT
sleep 0.5
reports=()
for page in "${pages[@]}"; do
  report=$out/$(echo "$page" | tr '/' '_' | sed 's/\.html$//').json
  "$out/node_modules/.bin/lighthouse" "http://127.0.0.1:$port/$page" --quiet --only-categories=performance \
    --output=json --output-path="$report" --chrome-flags="--headless --no-sandbox --disable-gpu" >&2
  reports+=("$report")
done
node site-tests/lighthouse/report.mjs "${reports[@]}"
