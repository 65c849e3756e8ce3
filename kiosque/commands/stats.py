"""``kiosque stats [--from DATE --to DATE] [--csv]``: the kiosk's figures over a period
(today by default), with no personal data."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from kiosque.commands import UsageError, add_db, load_settings

NAME = "stats"
HELP = "figures over a period: sessions, completions, where people stop, durations, troubles"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="first", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="last", metavar="DATE", help="last day, YYYY-MM-DD")
    parser.add_argument("--csv", action="store_true", help="CSV (;-separated) on standard output")
    add_db(parser)


def parse_day(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date such as 2026-03-02") from None


def run(args: argparse.Namespace) -> int:
    from kiosque.agents import AgentError, console_service
    from kiosque.clock import SystemClock
    from kiosque.procedures.loader import load_catalogue

    first = parse_day("--from", args.first)
    last = parse_day("--to", args.last)
    settings = load_settings(args.db)
    with console_service(settings, SystemClock(), catalogue=load_catalogue()) as service:
        today = service.today()
        first = first or last or today
        last = last or (first if args.first else today)
        if last < first:
            raise UsageError("--to: the last day comes before the first (--from)")
        session = service.console_session()
        try:
            if args.csv:
                sys.stdout.write(service.statistics_csv(session, first, last))
            else:
                sys.stdout.write(report(service.statistics(session, first, last)))
        except AgentError as exc:
            raise UsageError(str(exc)) from None
    return 0


def report(figures: object) -> str:
    """The figures as text for a terminal (French, like the agent screen)."""
    from kiosque.documents.fmt import date_short
    from kiosque.figures import Figures
    from kiosque.texts import t

    assert isinstance(figures, Figures)

    def minutes(value: float | None) -> str:
        if value is None:
            return t("agent.statistiques.sans_duree")
        return t("agent.statistiques.minutes", n=f"{value:.1f}".replace(".", ","))

    lines = [
        t(
            "agent.console.stats_periode",
            debut=date_short(figures.first_day),
            fin=date_short(figures.last_day),
        ),
        t(
            "agent.statistiques.resume",
            seances=figures.sessions,
            terminees=figures.completed,
            duree=minutes(figures.median_minutes),
        ),
        "",
    ]
    for row in figures.procedures:
        lines.append(
            f"{row.title} : {row.sessions} {t('agent.statistiques.seances').lower()}, "
            f"{row.completed} {t('agent.statistiques.terminees').lower()}, "
            f"{t('agent.statistiques.duree_mediane').lower()} {minutes(row.median_minutes)}"
        )
    lines += ["", t("agent.statistiques.arrets_titre")]
    lines += [f"  {s.count}\t{s.procedure} / {s.step_title}" for s in figures.stops] or [
        "  " + t("agent.statistiques.aucune")
    ]
    lines += ["", t("agent.statistiques.difficultes_titre")]
    lines += [f"  {d.count}\t{d.title}" for d in figures.troubles] or [
        "  " + t("agent.statistiques.aucune")
    ]
    return "\n".join(lines) + "\n"
