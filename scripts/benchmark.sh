#!/usr/bin/env bash
# Measures conform against curl on a local reference stack and prints the results as markdown.
# docs/benchmarks.md describes the method and records one run.
#
#   scripts/benchmark.sh
#
# Environment (defaults in brackets):
#   BENCH_REQUESTS      sequential requests per HTTP and S3 run [1000]
#   BENCH_REPEATS       runs of each measurement; the table shows the median [3]
#   BENCH_UPLOAD_SIZE   size of the sparse upload file, in truncate(1) syntax [1G]
#   BENCH_SCENARIOS     generated scenarios for `conform validate` [1000]
#   BENCH_SCRATCH_PATH  swift build --scratch-path [.build]
#   BENCH_CALLGRIND     1 counts instructions per request with valgrind's callgrind, 0 skips it [1]
#
# Everything listens on 127.0.0.1. The stack and the upload receiver are stopped by process id when
# the script ends, also when it fails or is interrupted, and the temporary folder is removed.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=${BENCH_REQUESTS:-1000}
repeats=${BENCH_REPEATS:-3}
upload_size=${BENCH_UPLOAD_SIZE:-1G}
scenario_count=${BENCH_SCENARIOS:-1000}
scratch_path=${BENCH_SCRATCH_PATH:-.build}
use_callgrind=${BENCH_CALLGRIND:-1}
python=Fixtures/stack/.venv/bin/python

log() { echo "benchmark: $*" >&2; }
fail() { log "error: $*"; exit 1; }

# --- Tools -------------------------------------------------------------------------------------

missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
scripts/bootstrap.sh

log "building conform-bench and conform in release mode"
swift build -c release --product conform-bench --scratch-path "$scratch_path" >&2
swift build -c release --product conform --scratch-path "$scratch_path" >&2
bin=$(swift build -c release --scratch-path "$scratch_path" --show-bin-path)
bench="$bin/conform-bench"
conform="$bin/conform"

# --- Servers, stopped on exit ------------------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/conform-benchmark.XXXXXX")
stack_dir="$work/stack"
receiver_pid=""

cleanup() {
  if [ -n "$receiver_pid" ]; then
    kill "$receiver_pid" 2>/dev/null || true
    wait "$receiver_pid" 2>/dev/null || true
  fi
  if [ -f "$stack_dir/stack.pids.json" ]; then
    "$python" Fixtures/stack/stackctl.py stop --state-dir "$stack_dir" >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting the reference stack in $stack_dir"
"$python" Fixtures/stack/stackctl.py start --state-dir "$stack_dir" >&2
set -a
# shellcheck disable=SC1091
. "$stack_dir/stack.env"
set +a

log "starting the upload receiver"
"$python" Benchmarks/discard_receiver.py "$work/receiver.json" 2>"$work/receiver.log" &
receiver_pid=$!
for _ in $(seq 50); do
  [ -s "$work/receiver.json" ] && break
  sleep 0.1
done
[ -s "$work/receiver.json" ] || fail "the upload receiver did not start within 5 s; its log: $(cat "$work/receiver.log")"
receiver_url=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["url"])' "$work/receiver.json")

# --- Measuring ---------------------------------------------------------------------------------

# measure NAME COMMAND...: runs COMMAND $repeats times under /usr/bin/time, keeping its standard
# output as $work/NAME.N.out and appending "wall user system max_rss_kib" per run to $work/NAME.times.
measure() {
  local name=$1
  shift
  local run
  for run in $(seq "$repeats"); do
    if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/$name.$run.out" 2>"$work/$name.$run.err"; then
      fail "$name run $run failed: $(tail -3 "$work/$name.$run.err")"
    fi
    cat "$work/time.txt" >>"$work/$name.times"
  done
}

# median COLUMN_EXPRESSION NAME: the median over the runs of NAME of an awk expression of the
# columns $1 (wall s), $2 (user s), $3 (system s) and $4 (max RSS KiB).
median() {
  awk "{ print $1 }" "$work/$2.times" | sort -g |
    awk '{ value[NR] = $1 } END { print (NR % 2 ? value[(NR + 1) / 2] : (value[NR / 2] + value[NR / 2 + 1]) / 2) }'
}

# row LABEL CLIENT NAME OPERATIONS: one table row of the medians of NAME.
row() {
  local wall cpu rss per_operation
  wall=$(median '$1' "$3")
  cpu=$(median '$2 + $3' "$3")
  rss=$(median '$4' "$3")
  per_operation="–"
  [ "$4" -gt 0 ] && per_operation=$(awk -v cpu="$cpu" -v n="$4" 'BEGIN { printf "%.0f", cpu / n * 1e6 }')
  printf '| %s | %s | %.2f | %.2f | %s | %.1f |\n' "$1" "$2" "$wall" "$cpu" "$per_operation" \
    "$(awk -v kib="$rss" 'BEGIN { print kib / 1024 }')" >>"$work/table.md"
}

# ratio NAME_A NAME_B: median CPU time of A divided by that of B.
ratio() {
  awk -v a="$(median '$2 + $3' "$1")" -v b="$(median '$2 + $3' "$2")" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'
}

# expect_count FILE TEXT COUNT: fails unless FILE has COUNT lines that are exactly TEXT.
expect_count() {
  local found
  found=$(grep -cx -- "$2" "$1" || true)
  [ "$found" -eq "$3" ] || fail "$1 has $found lines '$2', expected $3"
}

# curl_config FILE URL COUNT [OPTION_LINE...]: a curl config file with the option lines, then COUNT
# copies of URL, each written to /dev/null. The file is private because it can hold credentials.
curl_config() {
  local file=$1 url=$2 count=$3
  shift 3
  (
    umask 077
    printf '%s\n' "$@" >"$file"
    for _ in $(seq "$count"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >>"$file"
  )
}

# 1. Small GETs. /healthz needs no API key and does the least work of the service's endpoints.
get_url="$DEDUP2D_API_URL/healthz"
log "$requests GET $get_url, $repeats runs each with conform-bench and curl"
curl_config "$work/get.curlrc" "$get_url" "$requests"
measure get-conform "$bench" http-gets --url "$get_url" --count "$requests"
measure get-curl curl --silent --show-error --write-out '%{http_code}\n' --config "$work/get.curlrc"
for run in $(seq "$repeats"); do
  expect_count "$work/get-conform.$run.out" "statuses=200:$requests" 1
  expect_count "$work/get-curl.$run.out" 200 "$requests"
done

# 2. ListObjectsV2 of a prefix holding 10 small objects.
list_prefix="bench/"
log "putting 10 objects under $DEDUP2D_S3_BUCKET/$list_prefix"
"$python" - "$list_prefix" <<'PYTHON'
import os, sys
import boto3
client = boto3.client("s3", endpoint_url=os.environ["DEDUP2D_S3_ENDPOINT"], region_name=os.environ["DEDUP2D_S3_REGION"])
for index in range(10):
    client.put_object(Bucket=os.environ["DEDUP2D_S3_BUCKET"], Key=f"{sys.argv[1]}object-{index:02}.txt", Body=b"benchmark")
PYTHON

log "$requests ListObjectsV2 calls, $repeats runs each with conform-bench and curl"
list_url="$DEDUP2D_S3_ENDPOINT/$DEDUP2D_S3_BUCKET?encoding-type=url&list-type=2&prefix=${list_prefix//\//%2F}"
# The credentials go in the config file, not on the command line, so ps does not show them. curl
# 7.88 does not send x-amz-content-sha256 by itself, and moto returns SignatureDoesNotMatch without
# it, so it is given here: the SHA-256 of the empty body.
list_options=(
  "user = \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\""
  "aws-sigv4 = \"aws:amz:$DEDUP2D_S3_REGION:s3\""
  'header = "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"'
)
curl_config "$work/list.curlrc" "$list_url" "$requests" "${list_options[@]}"
measure list-conform "$bench" s3-lists --endpoint "$DEDUP2D_S3_ENDPOINT" --region "$DEDUP2D_S3_REGION" \
  --bucket "$DEDUP2D_S3_BUCKET" --prefix "$list_prefix" --count "$requests"
measure list-curl curl --silent --show-error --write-out '%{http_code}\n' --config "$work/list.curlrc"
for run in $(seq "$repeats"); do
  expect_count "$work/list-conform.$run.out" "objects_per_listing=10:$requests" 1
  expect_count "$work/list-curl.$run.out" 200 "$requests"
done

# 3. One multipart upload of a sparse file, read once first so every run finds it in the page cache.
log "uploading a $upload_size file to $receiver_url, $repeats runs each with conform-bench, conform run and curl"
truncate -s "$upload_size" "$work/upload.bin"
cat "$work/upload.bin" >/dev/null
upload_bytes=$(stat -c %s "$work/upload.bin")
mkdir "$work/upload-scenario"
cat >"$work/upload-scenario/upload.yaml" <<YAML
report: BENCH_UPLOAD
timeout: 30m
steps:
  - id: upload
    http:
      post: $receiver_url/upload
      multipart:
        file: {path: $work/upload.bin, content_type: application/octet-stream}
      timeout: 20m
    expect: {status: 200, json: {bytes: {min: $upload_bytes}}}
YAML
measure upload-conform "$bench" upload --url "$receiver_url/upload" --file "$work/upload.bin" --timeout 1200
measure upload-run "$conform" run "$work/upload-scenario" --report-dir "$work/reports" --overwrite --quiet
# An empty Expect header stops curl from waiting a second for "100 Continue", as conform does.
measure upload-curl curl --silent --show-error --output /dev/null --write-out '%{http_code}\n' --header "Expect:" \
  --form "file=@$work/upload.bin;type=application/octet-stream" "$receiver_url/upload"
for run in $(seq "$repeats"); do
  expect_count "$work/upload-conform.$run.out" status=200 1
  expect_count "$work/upload-curl.$run.out" 200 1
done

# 4. conform validate over generated variants of the seed scenario: each gets its own report name
#    and step ids, and the fixture path is made absolute because the copies live elsewhere.
log "validating $scenario_count generated scenarios, $repeats runs"
mkdir "$work/scenarios"
"$python" - Scenarios/dedup2d/s3_lifecycle.yaml "$work/scenarios" "$scenario_count" "$PWD/Fixtures/smoke.png" <<'PYTHON'
import re, sys
from pathlib import Path
source, folder, count, fixture = Path(sys.argv[1]).read_text(), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
step_ids = re.findall(r"^  - id: (\w+)", source, flags=re.MULTILINE)
assert step_ids, "no step ids found in the seed scenario"
for index in range(1, count + 1):
    text = source.replace("../../Fixtures/smoke.png", fixture)
    text = re.sub(r"^report: (\w+)$", rf"report: \1_{index:04}", text, flags=re.MULTILINE)
    for step_id in step_ids:
        text = re.sub(rf"\b{step_id}\b", f"{step_id}_{index:04}", text)
    (folder / f"lifecycle_{index:04}.yaml").write_text(text)
PYTHON
measure validate "$conform" validate "$work/scenarios"
for run in $(seq "$repeats"); do
  expect_count "$work/validate.$run.out" "$scenario_count scenarios valid" 1
done

# 5. Instructions per request, which load from other processes does not change. Start-up is taken
#    out by subtracting a run of 1 request from a run of 1 + $callgrind_requests requests.
callgrind_requests=200
if [ "$use_callgrind" = 1 ] && ! command -v valgrind >/dev/null; then
  log "valgrind is not installed; skipping the instruction counts"
  use_callgrind=0
fi

# instructions COMMAND...: the instructions that callgrind counted for COMMAND.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$@" >"$work/callgrind.stdout" 2>"$work/callgrind.err" ||
    fail "callgrind run of $1 failed: $(tail -3 "$work/callgrind.err")"
  awk '/^(summary|totals):/ { print $2; exit }' "$work/callgrind.out"
}

# client_instructions NAME COUNT: the instructions of the client NAME sending COUNT requests.
client_instructions() {
  case $1 in
    get-conform) instructions "$bench" http-gets --url "$get_url" --count "$2" ;;
    get-curl)
      curl_config "$work/callgrind.curlrc" "$get_url" "$2"
      instructions curl --silent --show-error --config "$work/callgrind.curlrc"
      ;;
    list-conform)
      instructions "$bench" s3-lists --endpoint "$DEDUP2D_S3_ENDPOINT" --region "$DEDUP2D_S3_REGION" \
        --bucket "$DEDUP2D_S3_BUCKET" --prefix "$list_prefix" --count "$2"
      ;;
    list-curl)
      curl_config "$work/callgrind.curlrc" "$list_url" "$2" "${list_options[@]}"
      instructions curl --silent --show-error --config "$work/callgrind.curlrc"
      ;;
  esac
}

if [ "$use_callgrind" = 1 ]; then
  log "counting instructions per request with callgrind"
  for name in get-conform get-curl list-conform list-curl; do
    one=$(client_instructions "$name" 1)
    many=$(client_instructions "$name" $((callgrind_requests + 1)))
    echo "$name $(((many - one) / callgrind_requests))" >>"$work/instructions.txt"
  done
fi

# --- Results -----------------------------------------------------------------------------------

{
  echo "| measurement | client | wall s | CPU s (user + system) | CPU µs per operation | peak RSS MiB |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
} >"$work/table.md"
row "$requests GET /healthz" conform-bench get-conform "$requests"
row "$requests GET /healthz" "curl, one process" get-curl "$requests"
row "$requests ListObjectsV2" conform-bench list-conform "$requests"
row "$requests ListObjectsV2" "curl --aws-sigv4, one process" list-curl "$requests"
row "multipart POST of $upload_size" conform-bench upload-conform 0
row "multipart POST of $upload_size" "conform run, one http step" upload-run 0
row "multipart POST of $upload_size" curl upload-curl 0
row "validate $scenario_count scenarios" "conform validate" validate "$scenario_count"

echo "## Machine"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc)"
echo "- memory: $(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }')"
echo "- $(swift --version 2>&1 | head -1)"
echo "- $(curl --version | head -1)"
echo "- build: swift build -c release; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "## Medians of $repeats runs"
echo
cat "$work/table.md"
echo
echo "CPU time ratio conform-bench / curl: GET $(ratio get-conform get-curl), ListObjectsV2 $(ratio list-conform list-curl)."
echo
if [ "$use_callgrind" = 1 ]; then
  per_request() { awk -v name="$1" '$1 == name { print $2 }' "$work/instructions.txt"; }
  echo "## Instructions per request (callgrind, $callgrind_requests requests after the first)"
  echo
  echo "| request | conform-bench | curl | ratio |"
  echo "| --- | ---: | ---: | ---: |"
  for kind in get list; do
    label="GET /healthz"
    [ "$kind" = list ] && label=ListObjectsV2
    conform_count=$(per_request "$kind-conform")
    curl_count=$(per_request "$kind-curl")
    echo "| $label | $conform_count | $curl_count | $(awk -v a="$conform_count" -v b="$curl_count" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }') |"
  done
  echo
fi
echo "## Every run (wall s, user s, system s, max RSS KiB)"
echo
for name in get-conform get-curl list-conform list-curl upload-conform upload-run upload-curl validate; do
  echo "- $name: $(paste -sd ';' "$work/$name.times" | sed 's/;/; /g')"
done
