# Sourced: points podman and buildah at this project's containers.conf (and nothing global).
export CONTAINERS_CONF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/containers.conf"
