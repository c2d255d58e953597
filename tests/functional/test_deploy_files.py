"""The deployment files, checked offline: both compose files resolve with docker-compose, the
gateway carries the Traefik labels the homelab needs and nothing but it is reachable, no secret is
written into a file, every service has a health check and limits; the Kubernetes manifests build
with kustomize's layout and keep to the limits; the Dockerfile runs as UID 10001 with a health
check. Bringing the stack up for real is scripts/deploy.sh's job (and its own test)."""
import ipaddress
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.single_binary(
    reason="checks the deployment files offline: no server to run through the gateway")

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {
    "user-service": ("users", 3001),
    "content-service": ("content", 3002),
    "storage-service": ("storage", 3003),
    "editor-service": ("editor", 3004),
    "messaging-service": ("messaging", 3006),
    "discovery-service": ("discovery", 3007),
    "gateway-health": ("gateway", 3010),
}
SAMPLE_ENV = {
    "DOMAIN": "example.test",
    "POSTGRES_PASSWORD": "sample-postgres-password",
    "REDIS_PASSWORD": "sample-redis-password",
    "MINIO_ROOT_USER": "sample-minio-user",
    "MINIO_ROOT_PASSWORD": "sample-minio-password",
    "JWT_SECRET": "0123456789abcdef0123456789abcdef",
    "ANTHROPIC_API_KEY": "sample-anthropic-key",
}
TRAEFIK_LABELS = {
    "traefik.enable=true",
    "traefik.http.routers.authorworks.rule=Host(`authorworks.${DOMAIN}`)",
    "traefik.http.routers.authorworks.entrypoints=websecure",
    "traefik.http.routers.authorworks.tls.certresolver=letsencrypt",
    "traefik.http.services.authorworks.loadbalancer.server.port=8080",
    "traefik.http.routers.authorworks.middlewares=authelia-leopaska@docker",
}


def compose_config(name: str, tmp_path: Path) -> dict:
    """The file as docker-compose resolves it with a sample .env."""
    compose = shutil.which("docker-compose")
    assert compose, "docker-compose is missing: scripts/install-deps.sh --test installs it"
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in SAMPLE_ENV.items()))
    out = subprocess.run([compose, "--env-file", str(env_file), "-f", str(ROOT / name), "config"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return yaml.safe_load(out.stdout)


@pytest.mark.parametrize("name", ["docker-compose.homelab.yml", "docker-compose.yml"])
def test_compose_files_resolve_and_hold_no_secret(name, tmp_path):
    raw = (ROOT / name).read_text()
    for value in SAMPLE_ENV.values():
        assert value not in raw
    # Every secret-looking setting takes its value from the environment (${...}), never a literal.
    literal = re.search(r"^\s*[A-Z_]*(PASSWORD|SECRET|API_KEY)[A-Z_]*:[ \t]*(?!\$\{)\S.*$", raw, flags=re.M)
    assert not literal, f"a literal secret in {name}: {literal.group(0) if literal else ''}"
    config = compose_config(name, tmp_path)
    services = config["services"]
    gateway_address = next(n["ipv4_address"] for n in services["api-gateway"]["networks"].values() if n)
    for service, (target, port) in SERVICES.items():
        s = services[service]
        env = s["environment"]
        assert env["AUTHORWORKS_TARGET"] == target
        assert env["SERVICE_PORT"] == str(port)
        assert env["JWT_SECRET"] == SAMPLE_ENV["JWT_SECRET"]
        assert env["DATABASE_URL"].startswith("postgres://") and SAMPLE_ENV["POSTGRES_PASSWORD"] in env["DATABASE_URL"]
        assert SAMPLE_ENV["REDIS_PASSWORD"] in env["REDIS_URL"]
        assert env["MINIO_ACCESS_KEY"] == SAMPLE_ENV["MINIO_ROOT_USER"]
        assert s["init"] is True and s["restart"] == "unless-stopped"
        assert "healthcheck" in s and "ports" not in s, f"{service} must be reachable only through the gateway"
        # The services trust Remote-* headers from the stack's private network alone, on which the
        # gateway has its fixed address (and the services forward a caller's identity to each other).
        subnet = ipaddress.ip_network(env["TRUSTED_PROXIES"])
        assert subnet.prefixlen >= 16 and ipaddress.ip_address(gateway_address) in subnet
    gateway = services["api-gateway"]
    assert {d for d in gateway["depends_on"]} >= set(SERVICES)
    assert all(c["condition"] == "service_healthy" for c in gateway["depends_on"].values())
    upstreams = {k: v for k, v in gateway["environment"].items() if k.endswith("_UPSTREAM")}
    assert upstreams["USERS_UPSTREAM"] in ("user-service:3001", "user-service.authorworks:3001")
    assert upstreams["GATEWAY_HELPER_UPSTREAM"] in ("gateway-health:3010", "gateway-health.authorworks:3010")


def test_homelab_gateway_is_exposed_only_through_traefik_behind_authelia(tmp_path):
    config = compose_config("docker-compose.homelab.yml", tmp_path)
    services = config["services"]
    gateway = services["api-gateway"]
    labels = gateway["labels"]
    labels = {f"{k}={v}" for k, v in labels.items()} if isinstance(labels, dict) else set(labels)
    expected = {label.replace("${DOMAIN}", SAMPLE_ENV["DOMAIN"]) for label in TRAEFIK_LABELS}
    assert expected <= labels
    assert "ports" not in gateway
    assert config["networks"]["llm_network"]["external"] is True
    for service in SERVICES:
        assert "llm_network" in services[service]["networks"]
        env = services[service]["environment"]
        assert env["AUTH_MODE"] == "proxy"
        assert "neon-postgres-leopaska:5432" in env["DATABASE_URL"]
        assert "redis-nd-leopaska:6379" in env["REDIS_URL"]
        assert env["MINIO_ENDPOINT"] == "http://minio-leopaska:9000"
        assert env["AUTH_LOGIN_URL"].startswith(f"https://auth.{SAMPLE_ENV['DOMAIN']}/")
        assert services[service]["deploy"]["resources"]["limits"]["memory"] in ("512M", "536870912")


def test_self_contained_stack_brings_its_own_servers(tmp_path):
    services = compose_config("docker-compose.yml", tmp_path)["services"]
    for server in ("postgres", "redis", "minio"):
        assert "healthcheck" in services[server]
    for service in SERVICES:
        assert set(services[service]["depends_on"]) == {"postgres", "redis", "minio"}
    port = services["api-gateway"]["ports"][0]
    published = port["published"] if isinstance(port, dict) else port.split(":")[-2]
    assert str(published) == "8080"


def kubernetes_documents() -> list[dict]:
    kustomization = yaml.safe_load((ROOT / "k8s/kustomization.yaml").read_text())
    docs = []
    for name in kustomization["resources"]:
        docs += [d for d in yaml.safe_load_all((ROOT / "k8s" / name).read_text()) if d]
    return docs


def test_kubernetes_manifests_keep_to_one_namespace_probes_and_limits():
    docs = kubernetes_documents()
    kinds = [d["kind"] for d in docs]
    assert kinds.count("Namespace") == 1 and "Ingress" in kinds and "ConfigMap" in kinds
    assert "Secret" not in kinds, "the Secret is a template (secret.example.yaml), never applied with real values"
    deployments = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
    assert set(deployments) == set(SERVICES) | {"api-gateway"}
    for name, deployment in deployments.items():
        assert deployment["metadata"]["namespace"] == "authorworks"
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsUser"] == 10001
        for container in pod["containers"]:
            limits = container["resources"]["limits"]
            assert limits["memory"] in ("512Mi", "256Mi") and limits["cpu"] in ("1", 1, "500m")
            assert container["livenessProbe"]["httpGet"]["path"] in ("/health", "/")
            assert container["readinessProbe"]["httpGet"]["path"] in ("/ready", "/health")
        if name in SERVICES:
            target, port = SERVICES[name]
            assert pod["containers"][0]["args"] == ["serve", "--target", target]
            assert pod["containers"][0]["ports"][0]["containerPort"] == port
    services = {d["metadata"]["name"] for d in docs if d["kind"] == "Service"}
    assert services == set(deployments)
    ingress = next(d for d in docs if d["kind"] == "Ingress")
    assert ingress["spec"]["ingressClassName"] == "traefik"
    assert ingress["spec"]["tls"]
    assert "authelia" in ingress["metadata"]["annotations"]["traefik.ingress.kubernetes.io/router.middlewares"]


def test_dockerfile_runs_unprivileged_with_a_health_check():
    text = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM \S+ AS (\w+)", text, flags=re.M)
    assert stages == ["web", "builder", "artifacts", "gateway", "runtime"], stages  # runtime last: the default target
    runtime = text[text.index("AS runtime"):]
    assert "USER 10001:10001" in runtime and "HEALTHCHECK" in runtime and "curl" in runtime
    assert 'ENTRYPOINT ["/usr/local/bin/authorworks"]' in runtime
    gateway = text[text.index("AS gateway"):text.index("AS runtime")]
    assert "USER 10001:10001" in gateway and "HEALTHCHECK" in gateway


@pytest.mark.parametrize("script", ["deploy.sh", "verify.sh", "docker-build.sh", "docker-base-images.sh",
                                    "test-deploy.sh", "runtime-packages.sh"])
def test_deployment_scripts_parse_and_explain_themselves(script):
    path = ROOT / "scripts" / script
    subprocess.run(["bash", "-n", str(path)], check=True)
    assert path.stat().st_mode & 0o111


NODE = shutil.which("node")
VALIDATE_K8S = ROOT / "tests/tools/validate-k8s.mjs"


@pytest.mark.skipif(NODE is None or not (ROOT / "tests/tools/node_modules/kubernetes-models").is_dir(),
                    reason="node and the test tools (npm ci --prefix tests/tools) are needed")
def test_kubernetes_manifests_match_the_api_schemas():
    """Every object kustomize builds, and the Secret template, against the kubernetes-models schemas;
    kubectl kustomize where kubectl is installed, else the kustomization's resources in order."""
    if shutil.which("kubectl"):
        built = subprocess.run(["kubectl", "kustomize", str(ROOT / "k8s")], capture_output=True, text=True,
                               timeout=60)
        assert built.returncode == 0, built.stderr
        manifests = built.stdout
    else:
        manifests = "\n---\n".join(yaml.safe_dump(d) for d in kubernetes_documents())
    checked = subprocess.run([NODE, str(VALIDATE_K8S)], input=manifests, capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "20 objects, 0 invalid" in checked.stdout, checked.stdout
    secret = subprocess.run([NODE, str(VALIDATE_K8S), str(ROOT / "k8s/secret.example.yaml")], capture_output=True,
                            text=True, timeout=60)
    assert secret.returncode == 0, secret.stdout + secret.stderr


def test_the_schema_check_refuses_an_invalid_object():
    if NODE is None or not (ROOT / "tests/tools/node_modules/kubernetes-models").is_dir():
        pytest.skip("node and the test tools (npm ci --prefix tests/tools) are needed")
    broken = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: \"two\"}\n"
    checked = subprocess.run([NODE, str(VALIDATE_K8S)], input=broken, capture_output=True, text=True, timeout=60)
    assert checked.returncode == 1
    assert "replicas must be integer" in checked.stdout
