"""``toolgym collect``: run a policy (the offline planner or a model) over tasks or exploration
targets into a run directory, and print its score."""

from __future__ import annotations

import argparse
import json

from .scaleopts import add_scale_options, scale_kwargs


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "collect",
        help="run a policy (planner or LLM) on tasks or exploration targets; rewards per turn and episode",
        description=(
            "Run a policy over tasks (--tasks FILE.jsonl or a `toolgym synth` run directory) or exploration "
            "targets (--explore-targets N), scoring every turn with the environment's checker. Writes a run "
            "directory (config.json, manifest.json, episodes-*.jsonl, log.txt); rerunning the same command resumes."
        ),
    )
    p.add_argument("--env", help="a registered environment id, or A+B of them (--plugin MODULE registers more); "
                                 "optional for synth-run tasks")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--tasks", metavar="FILE|RUN_DIR", help="JSONL of Task objects, or a toolgym synth run directory")
    what.add_argument("--explore-targets", type=int, metavar="N", help="exploration mode: N episodes, targets cycling over the tools")
    p.add_argument("--out", required=True, help="the run directory")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--policy", choices=["planner", "llm"], default=None, help="default: llm when --model is given, else planner")
    p.add_argument("--samples", type=int, default=1, help="episodes per task (default 1)")
    p.add_argument("--limit", type=int, help="only the first N tasks")
    p.add_argument("--max-steps", type=int, help="assistant messages per episode (default: env's; 20 when exploring)")
    p.add_argument("--episode-timeout", type=float, help="seconds per episode (termination 'timeout')")
    p.add_argument("--concurrency", type=int, help="episodes in flight (default: 2 x --max-in-flight for llm, 1 for planner)")
    p.add_argument("--force", action="store_true", help="discard an existing run with a different config")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")

    m = p.add_argument_group("model (--policy llm)")
    m.add_argument("--base-url", action="append", dest="base_urls", metavar="URL",
                   help="OpenAI-compatible base URL, e.g. http://localhost:8000/v1; repeat for several endpoints")
    m.add_argument("--model", help="model name as the server knows it")
    m.add_argument("--api-key-env", default="OPENAI_API_KEY", metavar="VAR",
                   help="environment variable holding the API key (its name is all that is recorded; default OPENAI_API_KEY)")
    m.add_argument("--max-in-flight", type=int, default=32, help="most requests open at once (default 32)")
    m.add_argument("--temperature", type=float)
    m.add_argument("--top-p", type=float)
    m.add_argument("--max-tokens", type=int)
    m.add_argument("--sampling-seed", type=int, help="the request's seed field")
    m.add_argument("--tool-choice", choices=["auto", "required", "none"])
    m.add_argument("--parallel-tool-calls", choices=["true", "false"])
    m.add_argument("--extra-body", metavar="JSON", help="more request fields as a JSON object (top_k, chat_template_kwargs...)")
    m.add_argument("--request-timeout", type=float, default=300.0,
                   help="seconds per HTTP request, the whole answer included (default 300)")
    m.add_argument("--max-response-bytes", type=int, default=8 * 2**20,
                   help="largest answer read; a larger one ends the episode as malformed_output (default 8 MiB)")
    m.add_argument("--max-retries", type=int, default=6, help="retries per request on 429/5xx/connection errors (default 6)")
    m.add_argument("--max-malformed", type=int, default=3, help="unusable replies in a row before 'malformed_output' (default 3)")
    m.add_argument("--no-record-latency", action="store_true",
                   help="leave per-call latency out of the episodes (byte-identical reruns against a deterministic server)")
    add_scale_options(p)
    p.set_defaults(func=run)


def llm_config(args: argparse.Namespace):  # noqa: ANN201 - LLMConfig, imported lazily
    from toolgym.errors import ConfigError
    from toolgym.synth.llm.client import LLMConfig

    extra = {}
    if args.extra_body:
        try:
            extra = json.loads(args.extra_body)
        except ValueError as e:
            raise ConfigError(f"expected --extra-body to be a JSON object, got {args.extra_body!r} ({e})") from None
        if not isinstance(extra, dict):
            raise ConfigError(f"expected --extra-body to be a JSON object, got {type(extra).__name__}")
    return LLMConfig(
        model=args.model,
        base_urls=args.base_urls or ["http://127.0.0.1:8000/v1"],
        api_key_env=args.api_key_env,
        max_in_flight=args.max_in_flight,
        request_timeout=args.request_timeout,
        max_response_bytes=args.max_response_bytes,
        max_retries=args.max_retries,
        temperature=args.temperature,
        top_p=args.top_p,
        max_tokens=args.max_tokens,
        seed=args.sampling_seed,
        tool_choice=args.tool_choice,
        parallel_tool_calls=None if args.parallel_tool_calls is None else args.parallel_tool_calls == "true",
        extra_body=extra,
        record_latency=not args.no_record_latency,
    )


def run(args: argparse.Namespace) -> int:
    from toolgym.errors import ConfigError
    from toolgym.synth.collect import CollectConfig, collect, format_summary

    policy = args.policy or ("llm" if args.model else "planner")
    if policy == "llm" and not args.model:
        raise ConfigError("--policy llm needs --model NAME (and --base-url URL)")
    cfg = CollectConfig(
        out=args.out,
        env=args.env,
        tasks=args.tasks,
        explore_targets=args.explore_targets,
        policy=policy,
        llm=llm_config(args) if policy == "llm" else None,
        seed=args.seed,
        samples=args.samples,
        limit=args.limit,
        max_steps=args.max_steps,
        episode_timeout=args.episode_timeout,
        max_malformed=args.max_malformed,
        concurrency=args.concurrency,
        force=args.force,
        progress=not args.no_progress,
        **scale_kwargs(args),
    )
    summary = collect(cfg)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(summary))
    return 0
