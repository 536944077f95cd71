# JupyterHub configuration for MlNotebooks: one file for both shapes of the hub.
#
#   * single machine (`mlnb hub up`): LocalProcessSpawner, real Unix users, PAM; `mlnb hub up` copies this file
#     to STATE/jupyterhub_config.py and writes the settings it reads to STATE/hub.json.
#   * containers (hub/Dockerfile, docker-compose.yml): DockerSpawner, settings from MLNB_HUB_* environment variables.
#
# Nothing secret is written here: the admin token is read from a 0600 file, the tracking store's URI (which may carry
# a database password) goes only into the tracking service's environment, never into a user's.
import importlib.util
import json
import os
import sys

c = get_config()  # noqa: F821 (JupyterHub provides it)

settings_path = os.environ.get("MLNB_HUB_SETTINGS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "hub.json"))
if os.path.exists(settings_path):
    with open(settings_path) as f:
        S = json.load(f)
else:  # the container shape: everything from the environment
    S = {
        # DockerSpawner when installed (hub/Dockerfile with DOCKERSPAWNER_VERSION); MLNB_HUB_SPAWNER overrides.
        "spawner": os.environ.get("MLNB_HUB_SPAWNER", "docker" if importlib.util.find_spec("dockerspawner") else "simple"),
        "ip": "0.0.0.0",
        "port": int(os.environ.get("MLNB_HUB_PORT", "8000")),
        "hub_ip": "0.0.0.0",
        "hub_connect_ip": os.environ.get("MLNB_HUB_CONNECT_IP", "hub"),
        "hub_port": 8081,
        "proxy_api_port": 8001,
        "state": os.environ.get("MLNB_HUB_STATE", "/srv/jupyterhub"),
        "users": [u for u in os.environ.get("MLNB_HUB_USERS", "").split(",") if u],
        "admin_users": [u for u in os.environ.get("MLNB_HUB_ADMINS", "").split(",") if u],
        "authenticator": os.environ.get("MLNB_HUB_AUTHENTICATOR", "dummy"),
        "tracking": {
            "command": ["mlnb", "server", "--host", "0.0.0.0", "--port", "5000", "--auth", "--hub-api", "http://hub:8081/hub/api"],
            "port": 5000,
            "url": "http://tracking:5000",
            "user_uri": os.environ.get("MLNB_TRACKING_USER_URI", "http://tracking:5000"),
            "environment": {},
            "external": True,
        },
        "idle_timeout": int(os.environ.get("MLNB_IDLE_TIMEOUT", "3600")),
        "idle_interval": int(os.environ.get("MLNB_IDLE_INTERVAL", "300")),
        "culler": "/srv/jupyterhub/mlnb_idle_culler.py",
        "python": "python3",
        "docker": {
            "image": os.environ.get("MLNB_SINGLEUSER_IMAGE", "mlnb-singleuser:latest"),
            "network": os.environ.get("MLNB_DOCKER_NETWORK", "mlnb"),
        },
    }

state = S["state"]
c.JupyterHub.ip = S["ip"]
c.JupyterHub.port = S["port"]
c.JupyterHub.hub_ip = S["hub_ip"]
c.JupyterHub.hub_port = S["hub_port"]
if S.get("hub_connect_ip"):
    c.JupyterHub.hub_connect_ip = S["hub_connect_ip"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % S["proxy_api_port"]
# The hub's database: PostgreSQL (`mlnb hub up --db postgresql://…`, psycopg2) or SQLite in the state folder. Its URL
# may carry a password: it lives in the root-only hub.json (or the hub container's environment), never in a user's.
c.JupyterHub.db_url = S.get("db_url") or os.environ.get("MLNB_HUB_DB_URL") or "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.ConfigurableHTTPProxy.debug = False

# Who may log in. PAM checks the Unix password of the user `mlnb hub users add` created; "dummy" (tests, compose demo)
# takes one shared password from MLNB_HUB_DUMMY_PASSWORD and must not face a network.
if S["authenticator"] == "pam":
    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.open_sessions = False
else:
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ.get("MLNB_HUB_DUMMY_PASSWORD") or None
c.Authenticator.allowed_users = set(S["users"])
c.Authenticator.admin_users = set(S.get("admin_users", []))

# The user's server: the user's hub token is the tracking token, so runs are owned by the hub user and no one ever types
# or sees a password. MLNB_TRACKING_URI points at the tracking service, never at its database.
tracking = S["tracking"]
environment = {
    "MLNB_TRACKING_URI": tracking["user_uri"],
    "MLNB_TRACKING_TOKEN": lambda spawner: spawner.api_token,
    "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
    "DOTNET_NOLOGO": "1",
}
if S.get("jupyter_path"):
    environment["JUPYTER_PATH"] = S["jupyter_path"]
c.Spawner.environment = environment
c.Spawner.start_timeout = S.get("start_timeout", 120)
c.Spawner.http_timeout = S.get("start_timeout", 120)
c.Spawner.default_url = "/tree"

if S["spawner"] == "local":
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.ip = "127.0.0.1"
    c.Spawner.cmd = ["jupyterhub-singleuser"]
    c.LocalProcessSpawner.shell_cmd = []
    c.Spawner.notebook_dir = "~"
elif S["spawner"] == "simple":
    # DockerSpawner is on PyPI only (not in Debian): a hub image built without a registry (hub/images.sh) has none.
    # The hub still runs and answers; user servers then start inside the hub's own container, as the hub's user,
    # without our kernel. Say so loudly: this is a stand-in, not the team shape.
    print("mlnb hub: dockerspawner is not installed in this image; user servers start inside the hub container "
          "(SimpleLocalProcessSpawner). Build hub/Dockerfile with DOCKERSPAWNER_VERSION set for the container shape.",
          file=sys.stderr)
    c.JupyterHub.spawner_class = "simple"
    c.Spawner.ip = "127.0.0.1"
    c.Spawner.cmd = ["jupyterhub-singleuser"]
    c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(state, "homes", "{username}")
else:
    # DockerSpawner >= 13 (not in Debian, so not installable on a machine without PyPI; hub/Dockerfile installs it).
    d = S["docker"]
    c.JupyterHub.spawner_class = "dockerspawner.DockerSpawner"
    c.DockerSpawner.image = d["image"]
    c.DockerSpawner.allowed_images = [d["image"]]
    c.DockerSpawner.network_name = d["network"]
    c.DockerSpawner.use_internal_ip = True
    c.DockerSpawner.remove = True
    c.DockerSpawner.notebook_dir = "/home/jovyan/work"
    c.DockerSpawner.volumes = {"mlnb-user-{username}": "/home/jovyan/work"}

# Services: the tracking server (hub tokens accepted), the idle culler, and the operator's admin token.
services = []
roles = []
tracking_service = {"name": "mlnb-tracking", "url": tracking["url"], "display": False}
if not tracking.get("external"):
    tracking_service["command"] = tracking["command"]
    tracking_service["environment"] = tracking.get("environment", {})
    if tracking.get("cwd"):
        tracking_service["cwd"] = tracking["cwd"]
    if tracking.get("user"):
        # An unprivileged system account (`mlnb hub up` makes mlnb-tracking): the hub starts the service as it.
        tracking_service["user"] = tracking["user"]
services.append(tracking_service)

services.append({
    "name": "mlnb-idle-culler",
    "command": [S["python"], S["culler"], "--timeout=%d" % S["idle_timeout"], "--interval=%d" % S["idle_interval"]],
})
roles.append({
    "name": "mlnb-idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["mlnb-idle-culler"],
})

admin_token_file = os.path.join(state, "admin-token")
if os.path.exists(admin_token_file):
    with open(admin_token_file) as f:
        services.append({"name": "mlnb-admin", "api_token": f.read().strip()})
    roles.append({
        "name": "mlnb-admin",
        "scopes": ["admin:users", "admin:servers", "tokens", "read:hub", "list:users", "access:servers", "proxy"],
        "services": ["mlnb-admin"],
    })

c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
