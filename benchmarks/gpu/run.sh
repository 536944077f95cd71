#!/usr/bin/env bash
# Run ON the GPU machine (after prepare.sh here): TorchSharp through our trainer and PyTorch, same models and data,
# steps/s for both and the ratio. Loads the machine's PyTorch CUDA libraries through MLNB_LIBTORCH_DIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PY=${PYTHON:-$( [ -x /opt/torch/.venv/bin/python3 ] && echo /opt/torch/.venv/bin/python3 || echo python3 )}
TORCH_LIB=$("$PY" -c "import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))")
export MLNB_LIBTORCH_DIR="$TORCH_LIB" LD_LIBRARY_PATH="$TORCH_LIB:${LD_LIBRARY_PATH:-}"
mkdir -p /tmp/dn && tar xJf .gpu/dotnet-rt.tar.xz -C /tmp/dn
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
"$PY" -c "import torch;print('pytorch', torch.__version__, 'cuda', torch.version.cuda)"
DOTNET_ROOT=/tmp/dn /tmp/dn/dotnet .gpu/app/MlNotebooks.Benchmarks.Gpu.dll data/digits.csv.gz cuda | tee /tmp/ts.txt
"$PY" benchmarks/gpu/pytorch_bench.py data/digits.csv.gz cuda | tee /tmp/pt.txt
for name in digits_cnn mlp_1m; do
  ts=$(sed -n "s/^RESULT torchsharp $name: \([0-9.]*\) steps.*/\1/p" /tmp/ts.txt)
  pt=$(sed -n "s/^RESULT pytorch $name: \([0-9.]*\) steps.*/\1/p" /tmp/pt.txt)
  echo "RATIO $name: TorchSharp+trainer $ts steps/s vs PyTorch $pt steps/s = $(python3 -c "print(f'{$ts/$pt:.3f}')")x (target >= 1.0x)"
done
