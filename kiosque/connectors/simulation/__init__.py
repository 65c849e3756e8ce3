"""The simulated organisms that ship (« Mode entraînement »), backed by the store."""

from __future__ import annotations

from datetime import timedelta

from kiosque.connectors.base import Clock, Connectors
from kiosque.connectors.simulation.caf import CafSimulation
from kiosque.connectors.simulation.common import SimulationContext
from kiosque.connectors.simulation.franceconnect import FranceConnectSimulation
from kiosque.connectors.simulation.personas import Personas, load_personas, seed
from kiosque.connectors.simulation.retraite import RetraiteSimulation, RisWriter
from kiosque.store.hashing import HashParams
from kiosque.store.store import Store


def build_simulation(
    store: Store,
    clock: Clock,
    *,
    hash_params: HashParams,
    terminal: str,
    ris_delay: timedelta,
    ris_writer: RisWriter | None = None,
    personas: Personas | None = None,
    seed_personas: bool = True,
) -> Connectors:
    """The three simulated organisms over one store, personas loaded if missing."""
    ctx = SimulationContext(store, clock, hash_params, terminal)
    personas = personas if personas is not None else load_personas()
    if seed_personas:
        seed(ctx, personas)
    return Connectors(
        retraite=RetraiteSimulation(
            ctx, uncertified=personas.uncertified, ris_delay=ris_delay, ris_writer=ris_writer
        ),
        caf=CafSimulation(ctx),
        franceconnect=FranceConnectSimulation(ctx),
        clock=clock,
        simulated=True,
    )


__all__ = [
    "CafSimulation",
    "FranceConnectSimulation",
    "RetraiteSimulation",
    "SimulationContext",
    "build_simulation",
]
