#!/usr/bin/env bash
# Idempotent: the .NET Interactive Jupyter kernel (dotnet tool Microsoft.dotnet-interactive) and its kernel specs,
# Quiet when everything is present. (plotly.js for offline charts is vendored in the extension, not installed.)
set -euo pipefail
export DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1
version=1.0.712001
tools="$HOME/.dotnet/tools"
if ! dotnet tool list -g 2>/dev/null | grep -qi "microsoft.dotnet-interactive *$version"; then
  echo "Installing dotnet tool Microsoft.dotnet-interactive $version" >&2
  dotnet tool update -g Microsoft.dotnet-interactive --version "$version" >&2
fi
if [ ! -f "$HOME/.local/share/jupyter/kernels/.net-csharp/kernel.json" ]; then
  echo "Installing the .NET Jupyter kernel specs" >&2
  mkdir -p "$HOME/.local/share/jupyter/kernels"  # the installer refuses to create it
  PATH="$tools:$PATH" dotnet interactive jupyter install >&2
fi
