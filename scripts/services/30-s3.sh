# Sourced by test.sh: starts s3rver (S3-compatible, installed by scripts/deps/data.sh) on 127.0.0.1 as a background
# process, idempotently, with a bucket for the data remote tests, and exports MLNB_TEST_S3_ENDPOINT and the bucket.
s3_bin="${MLNB_TOOLS_DIR:-$HOME/.cache/mlnb-tools}/s3rver-3.7.1/node_modules/.bin/s3rver"
if [ ! -x "$s3_bin" ]; then
  echo "error: s3rver is not installed at $s3_bin; run scripts/ensure-deps.sh" >&2
  return 1
fi
s3_port=${MLNB_S3_PORT:-45690}
s3_dir=${MLNB_SERVICES_DIR:-/tmp/mlnb-services}/s3
s3_up() { node -e "require('net').connect($s3_port,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null; }
if ! s3_up; then
  mkdir -p "$s3_dir/data"
  nohup "$s3_bin" -d "$s3_dir/data" -a 127.0.0.1 -p "$s3_port" --configure-bucket mlnb-test --silent >"$s3_dir/s3rver.log" 2>&1 &
  echo $! >"$s3_dir/s3rver.pid"
  for _ in $(seq 1 100); do s3_up && break; sleep 0.1; done
  s3_up || { echo "error: s3rver did not start on 127.0.0.1:$s3_port (see $s3_dir/s3rver.log)" >&2; return 1; }
fi
export MLNB_TEST_S3_ENDPOINT="http://127.0.0.1:$s3_port"
export MLNB_TEST_S3_BUCKET="mlnb-test"
