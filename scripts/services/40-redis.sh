# Sourced by test.sh: starts Debian's redis-server on 127.0.0.1 as a background process (not systemd), idempotently,
# and exports MLNB_TEST_REDIS (host:port) for trying the feature store's Redis online store by hand; the tests start their own.
redis_port=${MLNB_REDIS_PORT:-63799}
redis_dir=${MLNB_SERVICES_DIR:-/tmp/mlnb-services}/redis
if ! command -v redis-server >/dev/null 2>&1; then
  echo "error: redis-server not found; scripts/ensure-deps.sh installs it (scripts/deps/apt-features.txt)" >&2
  return 1
fi
if ! redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
  mkdir -p "$redis_dir"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$redis_dir" --save '' --appendonly no \
    --daemonize yes --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" >/dev/null
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
export MLNB_TEST_REDIS="127.0.0.1:$redis_port"
