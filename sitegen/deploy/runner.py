"""One ``build.py deploy`` run: config → published output folder → plan → guard → listing → deploy.

Exit codes: 0 deployed (or a dry run, or nothing to do); 1 errors in the
config, or the removal guard stopped the deploy; 2 environment: no complete
build published the output folder, rsync or git missing, the target
unreachable or refusing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sitegen.cli.messages import plural, say, shown


@dataclass(frozen=True)
class DeployOptions:
    """What ``deploy`` is asked to do: ``config_path``; ``output`` the folder
    to deploy (None: ``output_dir`` of the config); ``target`` overrides
    ``deploy.target`` (None: the config's); ``dry_run`` lists without
    changing anything; ``allow_removals`` passes the removal guard;
    ``force`` commits on top of a git branch not made by deploy."""

    config_path: Path
    output: str | None = None
    target: str | None = None
    dry_run: bool = False
    allow_removals: bool = False
    force: bool = False


def deploy(options: DeployOptions, out: TextIO, err: TextIO) -> int:
    """Run one deploy, printing as ``cli.messages`` says (listing and summary
    to ``out``, errors to ``err``); returns the exit code.  Raises nothing
    for bad input or a failing target."""
    from sitegen.cli.siteconfig import load_for_command
    from sitegen.deploy.source import NotPublished
    from sitegen.deploy.target import TargetError, parse_target
    from sitegen.deploy.tools import DeployError
    from sitegen.output.lock import OutputBusy
    from sitegen.output.paths import UnsafeOutputError
    from sitegen.problems import format_problem
    config, problems, code = load_for_command("deploy", options.config_path, err, "; nothing was deployed")
    if config is None:
        return code
    for problem in problems:
        say(err, format_problem(problem))
    try:
        target = parse_target(options.target or config.publishing.deploy_target or "", config.root)
        return _deploy(config, target, options, out, err)
    except (TargetError, NotPublished, OutputBusy, UnsafeOutputError) as exc:
        say(err, str(exc) if str(exc).startswith("error:") else f"error: {exc}")
        return 2
    except DeployError as exc:
        say(err, str(exc))
        return exc.code


def _deploy(config, target, options: DeployOptions, out: TextIO, err: TextIO) -> int:
    from sitegen.deploy.plan import load_deployed, refusal, removals, save_deployed
    from sitegen.deploy.source import published
    from sitegen.site.visibility import output_path
    from sitegen.store import db
    folder = output_path(config, options.output)
    where = shown(folder, config.root)
    with published(config, folder, where) as site, _transport(target, site, config, options) as transport:
        plan = transport.plan()
        store = db.shared(config.root / ".cache")
        key = f"{target.kind}:{target.location}#{target.branch}"
        check = removals(plan, config, site.files, site.pages, load_deployed(store, key))
        if options.dry_run:
            for line in plan.lines():
                say(out, line)
        if check.blocked and not options.allow_removals:
            say(err, refusal(check, target.text))
            return 1
        if options.dry_run:
            say(out, f"dry run: deploying {where}/ to {target.text} would make {plan.counts()}; nothing was changed")
            return 0
        if plan.empty:
            say(out, f"{target.text} already holds {where}/ ({plural(plan.unchanged, 'file')}); nothing was deployed")
            return 0
        for line in plan.lines():
            say(out, line)
        commit = transport.apply(config.zone) if target.kind == "git" else transport.apply()
        save_deployed(store, key, site.pages)
        for line in check.warnings():
            say(err, line)
        extra = f" (commit {commit} on {target.branch})" if commit else ""
        say(out, f"deployed {where}/ to {target.text}{extra}: {plan.counts()}")
    return 0


def _transport(target, site, config, options: DeployOptions):
    """The rsync or git deploy of ``site`` to ``target``, as a context manager."""
    import contextlib
    if target.kind == "git":
        from sitegen.deploy.gitbranch import GitBranch
        return GitBranch(target, site.folder, site.files, site.built, config.root, options.force)
    from sitegen.deploy.rsync import Rsync
    return contextlib.nullcontext(Rsync(target, site.folder, site.files, site.extra))
