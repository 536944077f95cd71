#!/usr/bin/env bash
# Project 1 runbook, run for real: every command echoed with "$ " and its output.
set -euo pipefail
R="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The run pasted in the runbook used the CLI built by the tests (MLNB_DLL=.../mlnb.dll); a clone uses ./mlnb.
mlnb() { if [ -n "${MLNB_DLL:-}" ]; then dotnet "$MLNB_DLL" "$@"; else "$R/mlnb" "$@"; fi; }
export -f mlnb 2>/dev/null || true
source $R/scripts/containers/env.sh
step() { echo; echo "\$ $*"; local t0=$(date +%s.%N); "$@"; echo "[$(awk -v a=$t0 -v b=$(date +%s.%N) 'BEGIN{printf "%.1f", b-a}') s]"; }
podman rm -f p1-serve >/dev/null 2>&1 || true
rm -rf /tmp/project-1; mkdir -p /tmp/project-1/data /tmp/project-1/notebooks; cd /tmp/project-1
cp $R/data/breast_cancer.csv data/; cp $R/notebooks/examples/train-registered.ipynb notebooks/
step mlnb init
step mlnb data add data/breast_cancer.csv
export MLNB_TRACKING_URI=sqlite:////tmp/project-1/.mlnb/mlnb.db
echo; echo "\$ export MLNB_TRACKING_URI=$MLNB_TRACKING_URI"
step mlnb notebook run notebooks/train-registered.ipynb -o executed.ipynb
python3 -c "import json; print(''.join(json.load(open('executed.ipynb'))['cells'][6]['outputs'][0]['text']), end='')"
step mlnb export notebooks/train-registered.ipynb --out export --model breast-cancer-mlp
step $R/scripts/containers/build-export.sh export
step chown -R 10001:10001 .mlnb
step podman run --rm -v /tmp/project-1:/tmp/project-1 -e MLNB_TRACKING_URI=$MLNB_TRACKING_URI localhost/train-registered-train:latest 2>&1 | grep -v systemd
echo; echo "\$ podman run --rm -v /tmp/project-1:/tmp/project-1 -e MLNB_TRACKING_URI=$MLNB_TRACKING_URI -e MLNB_PARAM_MINACCURACY=0.999 localhost/train-registered-train:latest"
set +e; podman run --rm -v /tmp/project-1:/tmp/project-1 -e MLNB_TRACKING_URI=$MLNB_TRACKING_URI -e MLNB_PARAM_MINACCURACY=0.999 localhost/train-registered-train:latest 2>&1 | grep -v systemd | tail -n 3
echo "exit code ${PIPESTATUS[0]}"; set -e
step mlnb models show breast-cancer-mlp
step podman run -d --name p1-serve -p 127.0.0.1:18090:8080 -v /tmp/project-1:/tmp/project-1 -e MLNB_TRACKING_URI=$MLNB_TRACKING_URI localhost/train-registered-serve:latest 2>&1 | grep -v systemd
for i in $(seq 1 60); do curl -sf 127.0.0.1:18090/v2/health/ready >/dev/null && break; sleep 1; done
ROW=$(sed -n 2p data/breast_cancer.csv | cut -d, -f1-30)
step curl -s -X POST 127.0.0.1:18090/v2/models/breast-cancer-mlp/infer -H 'Content-Type: application/json' -d "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[$ROW]}]}"
echo
step podman healthcheck run p1-serve
echo healthy
# The windows: what the model was trained on (first half, shuffled) and what production sent (second half; an upstream
# change sends mean_area (column 4) 30% larger).
python3 - <<'PY'
import random
rows = open('data/breast_cancer.csv').read().split('\n')[1:]
rows = [r for r in rows if r]
random.Random(75).shuffle(rows)
m = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave_points', 'symmetry', 'fractal_dimension']
head = ','.join([f'{p}_{x}' for p in ('mean', 'se', 'worst') for x in m] + ['label'])
half = len(rows) // 2
open('reference.csv', 'w').write(head + '\n' + '\n'.join(rows[:half]) + '\n')
cur = []
for r in rows[half:]:
    v = r.split(','); v[3] = repr(float(v[3]) * 1.3); cur.append(','.join(v))
open('current.csv', 'w').write(head + '\n' + '\n'.join(cur) + '\n')
PY
step mlnb monitor drift reference.csv current.csv --columns mean_radius,mean_texture,mean_perimeter,mean_area,mean_smoothness,label --prediction label --prom drift.prom --model breast-cancer-mlp --model-version 2
step grep -E '^mlnb_(dataset_drift|drift_detected\{.*\} 1)' drift.prom
podman rm -f p1-serve 2>&1 | grep -v systemd >/dev/null || true
