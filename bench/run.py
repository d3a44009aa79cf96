"""Time every stage of playbook against floors measured in the same run.

    python bench/run.py                                   # N = 1,000, 10,000 and 100,000
    python bench/run.py --sizes 1000,10000 --repeat 3 --stages check,plan

For each size it generates a synthetic organisation once (kept under bench/out/, reused while
the generator and the rules are unchanged), then runs each stage `--repeat` times, each run in
a fresh process so that its peak memory (the child's maximum resident set) belongs to that
stage alone, and prints a Markdown table of the median wall time, the peak memory and the ratio
to the stage's floor. The floors are measured in the same run: libyaml (`yaml.CSafeLoader`)
loading the same input files, and writing the same bytes of pages in as many files.

A stage whose code has not landed yet prints "not available yet" instead of a number.

Besides the stages of a first build, three rows follow a site through its life: `next_morning`
(a build after 0.1% of the customers got a new contact and the date moved on by a day, with
yesterday's cache and site in place), `split` (`build --split`: every consultant's private
site too) and `docs_dir_mkdocs` / `docs_dir_zensical` (the folder `build --docs-dir` writes,
built without playbook's plugin by plain MkDocs or by Zensical).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import generate  # bench/generate.py: this script's own folder is first on sys.path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PYTHON = sys.executable
AS_OF = generate.AS_OF.isoformat()
STAGES = (
    "floor_parse",
    "floor_parse_nogc",
    "check",
    "check_warm",
    "plan",
    "pages",
    "floor_write",
    "build",
    "split",
    "mkdocs_baseline",
    "docs_dir_mkdocs",
    "docs_dir_zensical",
    "next_morning",
    "rebuild_unchanged",
    "rebuild_one",
    "serve_reload",
)
NEEDS = {  # a ratio is only meaningful against a floor measured in the same run
    "check": ("floor_parse", "floor_parse_nogc"),
    "check_warm": ("floor_parse", "floor_parse_nogc"),
    "plan": ("floor_parse", "floor_parse_nogc"),
    "pages": ("floor_write",),
    "floor_write": ("pages",),
    "build": ("pages", "mkdocs_baseline", "floor_parse", "floor_parse_nogc"),
    "mkdocs_baseline": ("pages",),
    "split": ("build",),
    "docs_dir_mkdocs": ("build",),
    "docs_dir_zensical": ("build",),
    "next_morning": ("floor_parse", "floor_parse_nogc"),
}
NEXT_MORNING_SHARE = 1000
"""`next_morning` gives one customer in this many a new contact (0.1%), at least one."""
ORDER = {name: index for index, name in enumerate(STAGES)}
BUILDS = ("build", "mkdocs_baseline", "split", "docs_dir_mkdocs", "docs_dir_zensical", "next_morning")
"""The stages that run MkDocs (many minutes at 100,000 customers): `--build-repeat` runs each."""


@dataclass
class Measurement:
    """One stage at one size: every run's wall time and peak memory, plus what it counted."""

    size: int
    stage: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    unavailable: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> float:
        return max(self.peak_mb)


def run_process(command: Sequence[str], *, stdout: Path | None = None, cwd: Path | None = None) -> tuple[float, float, str]:
    """Run `command` and return (wall seconds, peak RSS in MB of that process, stdout text).

    `os.wait4` gives the resource usage of this one child (and what it waited for), where
    `getrusage(RUSAGE_CHILDREN)` would keep the maximum over every child run so far.
    """
    sink = stdout.open("wb") if stdout else subprocess.PIPE
    (BENCH / "out").mkdir(parents=True, exist_ok=True)  # a fresh clone has no output folder yet
    errors = (BENCH / "out" / "last-stderr.txt").open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=sink, stderr=errors, cwd=cwd)
    text = process.stdout.read().decode() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors.close()
    if stdout:
        sink.close()  # type: ignore[union-attr]
    if process.returncode != 0:
        tail = (BENCH / "out" / "last-stderr.txt").read_text(encoding="utf-8", errors="replace")[-2000:]
        msg = f"{' '.join(map(str, command))} exited {process.returncode}:\n{tail}"
        raise RuntimeError(msg)
    return seconds, usage.ru_maxrss / 1024, text


def playbook(root: Path, *args: str) -> list[str]:
    return [PYTHON, "-m", "generator", "-C", str(root), *args]


def command_exists(name: str, option: str = "") -> bool:
    """Whether `playbook NAME` exists (and takes `option`): stages wait for their command."""
    result = subprocess.run([PYTHON, "-m", "generator", name, "--help"], capture_output=True, text=True, check=False)
    return result.returncode == 0 and option in result.stdout


def importable(module: str) -> bool:
    """Whether this Python can import `module` (Zensical is optional)."""
    return subprocess.run([PYTHON, "-c", f"import {module}"], capture_output=True, check=False).returncode == 0


def has_render_site() -> bool:
    result = subprocess.run([PYTHON, "-c", "from generator.build import render_pages, render_site"], capture_output=True, check=False)
    return result.returncode == 0


# ---------------------------------------------------------------- organisations


DEMO = 0
"""The size key of the repository's own demo organisation (`--sizes demo`)."""


LABELS: dict[int, str] = {DEMO: "demo"}
"""Names of the organisations that are not generated (bench/real.py adds its own)."""


def label(size: int) -> str:
    return LABELS.get(size, f"{size:,}")


def demo_project(out: Path) -> Path:
    """A fresh copy of the repository's demo project, so that edits never touch the real one."""
    root = out / "demo"
    shutil.rmtree(root, ignore_errors=True)
    for name in ("content", "playbook"):
        shutil.copytree(REPO / name, root / name)
    if (REPO / "mkdocs.yml").is_file():
        shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def organisation(out: Path, size: int, seed: int) -> Path:
    """The generated project for `size` customers, regenerated only when its inputs changed."""
    root = out / f"org-{size}"
    digest = hashlib.sha256((BENCH / "generate.py").read_bytes())
    for path in sorted([*(REPO / "playbook").rglob("*"), REPO / "mkdocs.yml"]):
        if path.is_file():
            digest.update(path.relative_to(REPO).as_posix().encode() + path.read_bytes())
    stamp = json.dumps({"size": size, "seed": seed, "inputs": digest.hexdigest()})
    stamp_file = root / ".bench-stamp"
    if not stamp_file.is_file() or stamp_file.read_text(encoding="utf-8") != stamp:
        progress(f"generating {size:,} customers into {root}")
        shutil.rmtree(root, ignore_errors=True)
        generate.generate(root, customers=size, seed=seed)
        stamp_file.write_text(stamp, encoding="utf-8")
    return root


# ---------------------------------------------------------------- stages


class Runner:
    def __init__(self, out: Path, repeat: int, *, as_of: str = AS_OF, build_repeat: int | None = None) -> None:
        self.out = out
        self.repeat = repeat
        self.build_repeat = repeat if build_repeat is None else build_repeat
        """Runs of the MkDocs stages, which take many minutes at 100,000 customers."""
        self.as_of = as_of
        """The plan date of every stage: the date the organisation's histories lead up to."""
        self.results: dict[tuple[int, str], Measurement] = {}
        self.built: set[int] = set()
        """Sizes whose site was built in this run, so a rebuild can start from it."""

    def measure(self, size: int, stage: str, run: Callable[[], tuple[float, float, dict[str, Any]]], prepare: Callable[[], None] = lambda: None) -> Measurement:
        result = Measurement(size, stage)
        repeat = self.build_repeat if stage in BUILDS else self.repeat
        for attempt in range(1, repeat + 1):
            prepare()
            seconds, peak, extra = run()
            result.seconds.append(seconds)
            result.peak_mb.append(peak)
            result.extra.update(extra)
            progress(f"  N={label(size)} {stage} run {attempt}/{repeat}: {seconds:.2f} s, {peak:.0f} MB")
        self.results[size, stage] = result
        return result

    def unavailable(self, size: int, stage: str, why: str = "not available yet") -> None:
        self.results[size, stage] = Measurement(size, stage, unavailable=why)
        progress(f"  N={label(size)} {stage}: {why}")

    def run(self, size: int, root: Path, stages: Sequence[str]) -> None:
        cache = root / ".playbook-cache"

        def cold() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        def inner(command: list[str]) -> Callable[[], tuple[float, float, dict[str, Any]]]:
            """A bench/_stage.py process: the time it reports for its own work, and its peak."""

            def go() -> tuple[float, float, dict[str, Any]]:
                _, peak, text = run_process([PYTHON, str(BENCH / "_stage.py"), *command])
                extra = json.loads(text)
                return extra.pop("seconds"), peak, extra

            return go

        def wall(command: list[str]) -> Callable[[], tuple[float, float, dict[str, Any]]]:
            """A whole playbook command, timed from outside as a user waits for it."""

            def go() -> tuple[float, float, dict[str, Any]]:
                seconds, peak, _ = run_process(command, stdout=Path(os.devnull))
                return seconds, peak, {}

            return go

        manifest = self.out / f"pages-{label(size)}.json"
        for stage in stages:
            if stage == "floor_parse":
                self.measure(size, stage, inner(["floor-parse", str(root)]))
            elif stage == "floor_parse_nogc":
                self.measure(size, stage, inner(["floor-parse", str(root), "--no-gc"]))
            elif stage == "check":
                self.measure(size, stage, wall(playbook(root, "check")), prepare=cold)
            elif stage == "check_warm":
                run_process(playbook(root, "check"), stdout=Path(os.devnull))  # fill the cache
                self.measure(size, stage, wall(playbook(root, "check")))
            elif stage == "plan":
                if not command_exists("plan", "--format"):
                    self.unavailable(size, stage)
                    continue
                self.measure(size, stage, wall(playbook(root, "plan", "--format", "json", "--as-of", self.as_of)), prepare=cold)
            elif stage == "pages":
                if not has_render_site():
                    self.unavailable(size, stage)
                    continue
                self.measure(size, stage, inner(["pages", str(root), self.as_of, str(manifest)]))
            elif stage == "floor_write":
                if not manifest.is_file():
                    self.unavailable(size, stage, "needs the pages stage")
                    continue
                target = self.out / f"write-{label(size)}"
                self.measure(size, stage, inner(["floor-write", str(manifest), str(target)]), prepare=functools.partial(shutil.rmtree, target, ignore_errors=True))
                shutil.rmtree(target, ignore_errors=True)
            elif stage == "mkdocs_baseline":
                if not manifest.is_file():
                    self.unavailable(size, stage, "needs the pages stage")
                    continue
                baseline = plain_mkdocs_project(self.out / f"mkdocs-{label(size)}", manifest, root / "mkdocs.yml")
                self.measure(size, stage, wall([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(baseline / "mkdocs.yml")]))
            elif stage == "build":
                if not command_exists("build"):
                    self.unavailable(size, stage)
                    continue
                self.measure(size, stage, wall(playbook(root, "build", "--as-of", self.as_of)), prepare=cold)
                self.built.add(size)
            elif stage == "serve_reload":
                if not command_exists("serve", "--dev-addr"):
                    self.unavailable(size, stage)
                    continue
                self.serve_reload(size, root)
            elif stage == "split":
                if not command_exists("build", "--split"):
                    self.unavailable(size, stage)
                    continue
                self.split(size, root, cold)
            elif stage in ("docs_dir_mkdocs", "docs_dir_zensical"):
                if not command_exists("build", "--docs-dir"):
                    self.unavailable(size, stage)
                    continue
                if stage == "docs_dir_zensical" and not importable("zensical"):
                    self.unavailable(size, stage, "zensical is not installed (pip install zensical)")
                    continue
                self.docs_dir(size, root, stage)
            elif stage == "next_morning":
                if not command_exists("build"):
                    self.unavailable(size, stage)
                    continue
                self.next_morning(size, root)
            elif stage in ("rebuild_unchanged", "rebuild_one"):
                if not command_exists("build"):
                    self.unavailable(size, stage)
                    continue
                self.rebuild(size, root, stage, fresh=size not in self.built)

    def split(self, size: int, root: Path, cold: Callable[[], None]) -> None:
        """`playbook build --split` from a cold cache, like `build`: the full site and every
        consultant's private site, in one process, into a folder of its own."""
        target = self.out / f"split-{label(size)}"
        command = playbook(root, "build", "--split", "--as-of", self.as_of, "--site-dir", str(target))

        def go() -> tuple[float, float, dict[str, Any]]:
            seconds, peak, _ = run_process(command, stdout=Path(os.devnull))
            sites = [p for p in target.iterdir() if p.is_dir()]
            return seconds, peak, {"sites": len(sites), "pages": sum(1 for _ in target.rglob("*.html"))}

        def prepare() -> None:
            cold()
            shutil.rmtree(target, ignore_errors=True)

        try:
            self.measure(size, "split", go, prepare=prepare)
        finally:
            shutil.rmtree(target, ignore_errors=True)

    def docs_dir(self, size: int, root: Path, stage: str) -> None:
        """`playbook build --docs-dir` once (its time is noted), then the exported folder built
        by plain MkDocs or by Zensical, without playbook's plugin, each run from scratch."""
        folder = self.out / f"docs-{label(size)}"
        export = playbook(root, "build", "--as-of", self.as_of, "--docs-dir", str(folder))
        exported, export_peak, _ = run_process(export, stdout=Path(os.devnull))
        config = str(folder / "mkdocs.yml")
        engine = [PYTHON, "-m", "mkdocs", "build", "-q", "-f", config] if stage == "docs_dir_mkdocs" else [PYTHON, "-m", "zensical", "build", "--clean", "-f", config]
        site = folder / "site"
        ours = sum(1 for _ in (root / "site").rglob("*.html")) if size in self.built else None

        def go() -> tuple[float, float, dict[str, Any]]:
            seconds, peak, _ = run_process(engine, stdout=Path(os.devnull), cwd=folder)
            return seconds, peak, {"pages": sum(1 for _ in site.rglob("*.html")), "build_pages": ours, "export_seconds": exported, "export_peak_mb": export_peak}

        try:
            self.measure(size, stage, go, prepare=functools.partial(shutil.rmtree, site, ignore_errors=True))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def next_morning(self, size: int, root: Path) -> None:
        """The next day's build: yesterday's site and cache in place, 0.1% of the customers with
        a new contact (dated yesterday) and the plan date one day on. Only that build is timed;
        the inputs are put back afterwards."""
        build = playbook(root, "build", "--as-of", self.as_of)
        tomorrow = (date.fromisoformat(self.as_of) + timedelta(days=1)).isoformat()
        originals = {path: path.read_bytes() for path in sorted((root / "content" / "customers").glob("*.yaml"))}
        site = root / "site"
        try:
            if size not in self.built or not site.is_dir():
                run_process(build, stdout=Path(os.devnull))
            before = snapshot(site)
            changed = add_contacts(originals, self.as_of)
            seconds, peak, _ = run_process(playbook(root, "build", "--as-of", tomorrow), stdout=Path(os.devnull))
            after = snapshot(site)
        finally:
            for path, data in originals.items():
                if path.read_bytes() != data:
                    path.write_bytes(data)
            self.built.discard(size)  # the site and cache are tomorrow's now: rebuilds start afresh
        pages = {p for p in after if p.endswith(".html")}
        result = Measurement(size, "next_morning", [seconds], [peak])
        result.extra = {"changed": changed, "pages": len(pages), "rewritten": sum(1 for p in pages if before.get(p) != after[p])}
        self.results[size, "next_morning"] = result
        progress(f"  N={label(size)} next_morning: {seconds:.2f} s, {peak:.0f} MB, {changed} customers changed, {result.extra['rewritten']} of {len(pages)} pages rewritten")

    def rebuild(self, size: int, root: Path, stage: str, *, fresh: bool) -> None:
        """Rebuild with nothing changed, or with one customer's name changed.

        Counts the generated HTML pages whose bytes or modification time changed, and how many
        pages mention the changed customer at all (the most a rebuild should touch). The cache
        stays warm, as it is for `playbook serve`.
        """
        build = playbook(root, "build", "--as-of", self.as_of)
        site = root / "site"
        customer_file = sorted((root / "content" / "customers").glob("*.yaml"))[0]
        original = customer_file.read_bytes()
        entry = original.split(b"\n  - id: ", 1)[1]
        customer_id = entry.split(b"\n", 1)[0].decode()
        name_at = original.index(b"\n    name: ", original.index(b"\n  - id: "))
        end = original.index(b"\n", name_at + 1)
        new_name = original[name_at + len(b"\n    name: ") : end].strip().strip(b"\"'") + b" Jr"
        try:
            if fresh or not site.is_dir():
                run_process(build, stdout=Path(os.devnull))
            before = snapshot(site)
            if stage == "rebuild_one":
                customer_file.write_bytes(original[:end] + b" Jr" + original[end:])
            seconds, peak, _ = run_process(build, stdout=Path(os.devnull))
            after = snapshot(site)
        finally:
            customer_file.write_bytes(original)
            self.built.add(size)
        pages = {p for p in after if p.endswith(".html")}
        rewritten = sorted(p for p in pages if before.get(p) != after[p])
        showing = sorted(p for p in pages if shows(site / p, customer_id.encode(), new_name))
        result = Measurement(size, stage, [seconds], [peak])
        result.extra = {
            "pages": len(pages),
            "rewritten": len(rewritten),
            "showing_customer": len(showing),
            "rewritten_not_showing": len(set(rewritten) - set(showing)),
            "examples": rewritten[:5],
        }
        self.results[size, stage] = result
        progress(f"  N={label(size)} {stage}: {seconds:.2f} s, {len(rewritten)} of {len(pages)} pages rewritten")


    def serve_reload(self, size: int, root: Path) -> None:
        """Time `playbook serve` from saving a customer's new name to serving their changed card.

        This is what a consultant editing one customer waits for: the file watcher, the rebuild
        inside the running server, and the page served again. `--repeat` edits in a row.
        """
        customer_file = sorted((root / "content" / "customers").glob("*.yaml"))[0]
        original = customer_file.read_bytes()
        start = original.index(b"\n  - id: ")
        consultant = owner(root, original[start:].split(b"\n", 2)[1].split(b": ", 1)[1].decode())
        name_end = original.index(b"\n", original.index(b"\n    name: ", start) + 1)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}/consultants/{consultant}/customers/"
        command = playbook(root, "serve", "--as-of", self.as_of, "--dev-addr", f"127.0.0.1:{port}")
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = []
        try:
            wait_for(url, b"</html>", timeout=600)
            for run in range(self.repeat):
                marker = f"Reload{run}".encode()
                time.sleep(1)  # let the watcher settle after the previous build
                started = time.perf_counter()
                customer_file.write_bytes(original[:name_end] + b" " + marker + original[name_end:])
                wait_for(url, marker, timeout=600)
                seconds.append(time.perf_counter() - started)
        finally:
            customer_file.write_bytes(original)
            peak = high_water_mb(server.pid)
            server.terminate()
            server.wait(timeout=30)
        result = Measurement(size, "serve_reload", seconds, [peak])
        self.results[size, "serve_reload"] = result
        progress(f"  N={label(size)} serve_reload: {', '.join(f'{s:.2f}' for s in seconds)} s")


def high_water_mb(pid: int) -> float:
    """The peak resident memory of a running process so far (Linux' VmHWM), 0 where unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "")
    return int(line.split()[1]) / 1024 if line else 0.0


def add_contacts(files: dict[Path, bytes], day: str) -> int:
    """Give one customer in NEXT_MORNING_SHARE (at least one), spread evenly over the customer
    files, a new phone contact on `day`; rewrites only the files that change. Returns how many."""
    entries = [(path, index) for path, data in files.items() for index, line in enumerate(data.decode().split("\n")) if line.startswith("  - id: ")]
    count = max(1, len(entries) // NEXT_MORNING_SHARE)
    chosen: dict[Path, list[int]] = {}
    for k in range(count):
        path, index = entries[int((k + 0.5) * len(entries) / count)]
        chosen.setdefault(path, []).append(index)
    contact = f"{{date: {day}, channel: phone, outcome: reached, note: Called to ask how the last order went.}}"
    for path, starts in chosen.items():
        lines = files[path].decode().split("\n")
        for start in sorted(starts, reverse=True):
            end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: ")), len(lines))
            key = next((i for i in range(start, end) if lines[i] == "    contacts:"), None)
            if key is None:
                last = max(i for i in range(start, end) if lines[i].strip())
                lines[last + 1 : last + 1] = ["    contacts:", f"      - {contact}"]
            else:
                after = next((i for i in range(key + 1, end) if not lines[i].startswith("      ")), end)
                lines.insert(after, f"      - {contact}")
        path.write_text("\n".join(lines), encoding="utf-8")
    return count


def owner(root: Path, customer_id: str) -> str:
    """The consultant whose card page shows a customer, after handovers are applied."""
    from generator.core.project import Project
    from generator.load.dataset import load_dataset

    dataset = load_dataset(Project.at(root)).dataset
    assert dataset is not None, f"{root} does not load"
    return next(c.consultant for c in dataset.customers if c.id == customer_id)


def wait_for(url: str, text: bytes, *, timeout: float) -> None:
    """Poll `url` every 20 ms until its body holds `text`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read():
                    return
        except OSError:
            pass
        time.sleep(0.02)
    msg = f"{url} did not show {text!r} within {timeout:.0f} s"
    raise RuntimeError(msg)


def shows(page: Path, customer_id: bytes, name: bytes) -> bool:
    """Whether a page shows a customer: a link to their card, or their name (the audit page)."""
    text = page.read_bytes()
    return customer_id in text or name in text


def snapshot(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every file's modification time and content digest, by path below the site."""
    out = {}
    for path in site.rglob("*"):
        if path.is_file():
            out[path.relative_to(site).as_posix()] = (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).digest())
    return out


PROSE = (
    "the customer bought a jacket last spring and asked about boots for the winter season while "
    "we talked about the trip north with friends and family before the shop closed early today"
)
WORDS = PROSE.split(" ")


def plain_mkdocs_project(folder: Path, manifest: Path, project_config: Path) -> Path:
    """MkDocs + Material alone on plain Markdown pages of the same paths, sizes and navigation.

    The configuration inherits the project's mkdocs.yml (theme, extensions) when it has one,
    with only the search plugin, so the difference to `build` is playbook's own work.
    """
    data = json.loads(manifest.read_text(encoding="utf-8"))
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    for relative, size in data["pages"]:
        path = docs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(plain_page(relative, size), encoding="utf-8")
    config: dict[str, Any] = {
        "site_name": "Baseline",
        "docs_dir": str(docs),
        "site_dir": str(folder / "site"),
        "plugins": ["search"],
        "nav": data["nav"],
    }
    if project_config.is_file():
        config["INHERIT"] = str(project_config)
    else:
        config["theme"] = {"name": "material", "font": False, "features": ["navigation.tabs", "navigation.indexes"]}
    (folder / "mkdocs.yml").write_text(json.dumps(config, indent=1), encoding="utf-8")  # JSON is YAML
    return folder


def plain_page(title: str, size: int) -> str:
    """A page of ordinary paragraphs, `size` bytes long: headings and prose, no tables."""
    lines = [f"# {title}", ""]
    length = len(lines[0]) + 2
    index = 0
    while length < size:
        words = [WORDS[(index + k) % len(WORDS)] for k in range(12)]
        line = " ".join(words).capitalize() + "."
        if index % 60 == 59:
            line = f"## Part {index // 60 + 1}\n"
        lines.append(line)
        length += len(line) + 1
        index += 1
        if index % 5 == 0:
            lines.append("")
            length += 1
    return "\n".join(lines)[:size] + "\n"


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class Target:
    floor: str | None
    ratio: float | None
    text: str


TARGETS = {
    "floor_parse": Target(None, None, "floor: libyaml CSafeLoader, default GC"),
    "floor_parse_nogc": Target(None, None, "floor with the cyclic GC off (for reference)"),
    "check": Target("floor_parse", 2.0, "≤ 2x parse floor at 100,000"),
    "check_warm": Target("floor_parse", 0.25, "≤ 0.25x parse floor"),
    "plan": Target("floor_parse", 2.0, "≤ 2x parse floor, ≤ 1.5 GB at 100,000"),
    "pages": Target("floor_write", 1.5, "≤ 1.5x write floor"),
    "floor_write": Target(None, None, "floor: write the same bytes and files"),
    "build": Target("mkdocs_baseline", 1.2, "≤ 1.2x MkDocs per page; ≤ 2.0x parse floor, ≤ 1.5 GB, < 300 s at 100,000"),
    "split": Target("build", 1.5, "≤ 1.5x build (every private site too, one process)"),
    "mkdocs_baseline": Target(None, None, "MkDocs + Material, plain pages, same nav"),
    "docs_dir_mkdocs": Target("build", None, "`build --docs-dir` folder, plain MkDocs: the pages of build"),
    "docs_dir_zensical": Target("build", None, "`build --docs-dir` folder, Zensical: the pages of build"),
    "next_morning": Target("floor_parse", 0.6, "≤ 0.6x parse floor at 100,000 (0.1% changed, next day)"),
    "rebuild_unchanged": Target(None, None, "no page rewritten"),
    "rebuild_one": Target(None, None, "only pages showing the customer"),
    "serve_reload": Target(None, None, "serve shows an edit within 2 s (demo)"),
}


def verdict(m: Measurement, results: dict[tuple[int, str], Measurement]) -> tuple[str, str, str]:
    """(ratio, ratio to the no-GC floor, pass/fail) for one measurement, against this run's floors."""
    target = TARGETS[m.stage]
    if m.stage.startswith("rebuild"):
        limit = 0 if m.stage == "rebuild_unchanged" else m.extra["showing_customer"]
        ok = m.extra["rewritten"] <= limit and m.extra["rewritten_not_showing"] == 0
        return f"{m.extra['rewritten']} of {m.extra['pages']} pages rewritten", "", "pass" if ok else "FAIL"
    if m.stage == "serve_reload":
        return "", "", ("pass" if m.median < 2 else "FAIL") if m.size == DEMO else ""
    if m.stage == "build":
        return build_verdict(m, results)
    if m.stage.startswith("docs_dir"):
        ratio = ratio_to(m, "build", results)
        same = m.extra.get("build_pages")
        shown = f"{ratio:.2f}x" if ratio is not None else "no floor"
        return shown, "", "" if same is None else ("pass" if m.extra["pages"] == same else f"FAIL: {m.extra['pages']} pages, build {same}")
    if target.floor is None:
        return "", "", ""
    floor = results.get((m.size, target.floor))
    if floor is None or floor.unavailable:
        return "no floor", "", ""
    ratio = m.median / floor.median
    nogc = results.get((m.size, "floor_parse_nogc")) if target.floor == "floor_parse" else None
    second = f"{m.median / nogc.median:.2f}x" if nogc and not nogc.unavailable else ""
    if target.floor == "floor_parse" and 0 <= m.size < 10_000:
        return f"{ratio:.2f}x", second, "n/a: start-up bound"
    ok = target.ratio is not None and ratio <= target.ratio
    if m.stage == "plan":
        ok = ok and m.peak <= 1536
    if m.stage == "build" and m.size >= 100_000:
        ok = ok and m.median < 300
    return f"{ratio:.2f}x", second, "pass" if ok else "FAIL"


def ratio_to(m: Measurement, floor: str, results: dict[tuple[int, str], Measurement]) -> float | None:
    """`m`'s median over the median of `floor` at the same size in this run, if it was measured."""
    other = results.get((m.size, floor))
    return m.median / other.median if other is not None and not other.unavailable and other.seconds else None


def build_verdict(m: Measurement, results: dict[tuple[int, str], Measurement]) -> tuple[str, str, str]:
    """`build` against MkDocs on plain pages (≤ 1.2x) and, at 100,000, the parse floor (≤ 2.0x),
    1.5 GB and 300 s: both ratios in the ratio cell, the no-GC one beside it."""
    baseline = ratio_to(m, "mkdocs_baseline", results)
    parse = ratio_to(m, "floor_parse", results)
    nogc = ratio_to(m, "floor_parse_nogc", results)
    cells = [f"{baseline:.2f}x" if baseline is not None else "no baseline", *([f"parse {parse:.2f}x"] if parse is not None else [])]
    second = f"{nogc:.2f}x" if nogc is not None else ""
    if baseline is None:
        return "; ".join(cells), second, ""
    ok = baseline <= 1.2
    if m.size >= 100_000:
        ok = ok and m.median < 300 and m.peak <= 1536 and parse is not None and parse <= 2.0
    return "; ".join(cells), second, "pass" if ok else "FAIL"


def rows(results: dict[tuple[int, str], Measurement], stamp: str) -> dict[str, dict[str, Any]]:
    """One table row (and its note) per measurement, keyed "size|stage", with the run's date."""
    out = {}
    for (size, stage), m in results.items():
        if m.unavailable:
            cells = [label(size), stage, m.unavailable, "", "", "", TARGETS[stage].text, ""]
        else:
            ratio, second, result = verdict(m, results)
            cells = [label(size), stage, f"{m.median:.2f}", f"{m.peak:.0f}" if m.peak else "", ratio, second, TARGETS[stage].text, result]
        out[f"{size}|{stage}"] = {
            "row": "| " + " | ".join(cells) + " |",
            "note": note(m, results),
            "measured": stamp,
            "measurement": asdict(m),
        }
    return out


def note(m: Measurement, results: dict[tuple[int, str], Measurement]) -> str:
    """What a run counted: input size, pages and bytes, tasks, and the cost per page."""
    if m.unavailable:
        return ""
    size = label(m.size)
    if m.stage == "floor_parse":
        return f"N={size}: {m.extra['files']} input files, {m.extra['input_bytes'] / 1e6:.1f} MB of YAML"
    if m.stage == "pages":
        return (
            f"N={size}: {m.extra['pages']:,} pages, {m.extra['bytes'] / 1e6:.1f} MB of Markdown, "
            f"{m.extra['tasks']:,} tasks; loading and planning before page generation took "
            f"{m.extra['load_and_plan_seconds']:.2f} s"
        )
    if m.stage in ("build", "mkdocs_baseline"):
        pages = results.get((m.size, "pages"))
        if pages and not pages.unavailable:
            return f"N={size}: {m.stage} costs {1000 * m.median / pages.extra['pages']:.0f} ms a page"
    if m.stage.startswith("rebuild"):
        return f"N={size}: {m.stage}: {m.extra['showing_customer']} pages mention the customer; rewritten: {', '.join(m.extra['examples']) or 'none'}"
    if m.stage == "split":
        return f"N={size}: split builds {m.extra['sites']} sites (the full one and one per consultant), {m.extra['pages']:,} HTML pages"
    if m.stage.startswith("docs_dir"):
        return (
            f"N={size}: {m.stage}: {m.extra['pages']:,} HTML pages (playbook build: {m.extra['build_pages'] if m.extra['build_pages'] is not None else 'not built'}); "
            f"writing the folder (`build --docs-dir`) took {m.extra['export_seconds']:.2f} s, {m.extra['export_peak_mb']:.0f} MB"
        )
    if m.stage == "next_morning":
        return f"N={size}: next_morning: {m.extra['changed']} customer(s) with a new contact, plan date one day on; {m.extra['rewritten']} of {m.extra['pages']} HTML pages rewritten"
    return ""


HEADER = (
    "| customers | stage | median s | peak MB | ratio to floor | vs no-GC floor | target | result |\n"
    "| ---: | --- | ---: | ---: | ---: | ---: | --- | --- |"
)


def report(entries: dict[str, dict[str, Any]]) -> str:
    """The Markdown table and notes of `entries`, by size, then in stage order."""

    def order(key: str) -> tuple[int, int]:
        size, stage = key.split("|")
        return int(size), ORDER[stage]

    keys = sorted(entries, key=order)
    table = "\n".join([HEADER, *(entries[k]["row"] for k in keys)])
    notes = "\n".join(f"- {entries[k]['note']}" for k in keys if entries[k]["note"])
    dates = sorted({entries[k]["measured"] for k in keys})
    when = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    timed = [entries[k]["measurement"] for k in keys if entries[k]["measurement"]["seconds"]]
    runs = sorted({len(m["seconds"]) for m in timed if not m["stage"].startswith("rebuild") and m["stage"] != "next_morning"})
    repeats = f"median of {' or '.join(map(str, runs))} runs" if runs != [1] else "one run each"
    if any(m["stage"].startswith("rebuild") or m["stage"] == "next_morning" for m in timed):
        repeats += " (a rebuild or the next morning: one run)"
    return f"{table}\n\n{notes}\n\nMeasured {when} on {machine()}; {repeats}.\n"


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


_VERBOSE = False


def progress(message: str) -> None:
    """Progress on stderr when it is a terminal (or with -v); silent in logs and CI."""
    if _VERBOSE or sys.stderr.isatty():
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    global _VERBOSE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="customer counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage; the median is shown")
    parser.add_argument("--build-repeat", type=int, help=f"runs of {', '.join(BUILDS)} (default: --repeat)")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of {', '.join(STAGES)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("-v", "--verbose", action="store_true", help="progress on stderr even when it is not a terminal")
    args = parser.parse_args(argv)
    _VERBOSE = args.verbose
    wanted = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in STAGES]
    if unknown:
        parser.error(f"unknown stage(s) {', '.join(unknown)}; choose from {', '.join(STAGES)}")
    for stage in list(wanted):
        wanted += [need for need in NEEDS.get(stage, ()) if need not in wanted]
    stages = sorted(set(wanted), key=ORDER.__getitem__)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    runner = Runner(out, args.repeat, build_repeat=args.build_repeat)
    for token in args.sizes.split(","):
        size = DEMO if token.strip() == "demo" else int(token.replace("_", ""))
        root = demo_project(out) if size == DEMO else organisation(out, size, args.seed)
        runner.run(size, root, stages)
    finish(runner, out)
    return 0


def finish(runner: Runner, out: Path) -> None:
    """Print this run's table; add its rows to out/results.json and out/results.md."""
    stamp = datetime.now(tz=UTC).strftime("%Y-%m-%d")
    entries = rows(runner.results, stamp)
    sys.stdout.write(report(entries))
    store = out / "results.json"  # every run's rows, so sizes measured apart make one table
    kept = json.loads(store.read_text(encoding="utf-8")) if store.is_file() else {}
    kept = kept if isinstance(kept, dict) else {}
    kept.update(entries)
    store.write_text(json.dumps(kept, indent=1), encoding="utf-8")
    (out / "results.md").write_text(report(kept), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
