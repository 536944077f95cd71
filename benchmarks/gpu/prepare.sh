#!/usr/bin/env bash
# Run HERE (not on the GPU machine): publishes the benchmark app framework-dependent with the managed TorchSharp only,
# and packs the .NET runtime, into .gpu/ (git-ignored). Then: run tool, carry [".gpu"], command "bash benchmarks/gpu/run.sh".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rm -rf .gpu/app && mkdir -p .gpu
dotnet publish benchmarks/gpu/MlNotebooks.Benchmarks.Gpu.csproj -c Release -r linux-x64 --self-contained false -o .gpu/app -nologo -v q
[ -f .gpu/dotnet-rt.tar.xz ] || tar cJf .gpu/dotnet-rt.tar.xz -C /usr/share/dotnet dotnet host shared/Microsoft.NETCore.App
du -sh .gpu/app .gpu/dotnet-rt.tar.xz
