"""Commitments and motions belong to a ministry, and to the co-owners it adds."""

from __future__ import annotations

from domain.actor import RECORDERS, Actor
from domain.errors import IllegalTransition, OtherOrganisation
from domain.organisations import normalise


class Owned:
    """The owning ministry (the one whose minister made the commitment, or whom the motion
    asks) and its co-owners; only they change the aggregate, or link it to a note."""

    ministry: str

    @property
    def co_owners(self) -> list[str]:
        return self.__dict__.get("co_owners", [])  # absent on aggregates from before

    def owners(self) -> list[str]:
        return [o for o in (self.ministry, *self.co_owners) if o]

    def owned_by(self, organisation: str) -> bool:
        """Whether this organisation may change it (an unowned one from before is anyone's)."""
        return not self.ministry or organisation in self.owners()

    def check_owned_by(self, organisation: str, what: str) -> None:
        if not self.owned_by(organisation):
            raise OtherOrganisation(f"{self.describe()} belongs to {', '.join(self.owners())}; "
                                    f"{organisation} cannot {what}")

    def _check_may_change(self, actor: Actor) -> None:
        """Changed by its owners only; the ledger's own roles record what a document says."""
        if actor.role not in RECORDERS:
            self.check_owned_by(actor.organisation, "change it")

    def add_co_owner(self, actor: Actor, organisation: str) -> None:
        self._check_may_change(actor)
        organisation = normalise(organisation)
        if organisation in self.owners():
            raise IllegalTransition(f"add {organisation} as co-owner of {self.describe()}",
                                    "it is an owner already")
        self._co_owner_added(actor.to_dict(), organisation)

    def _add_co_owner(self, organisation: str) -> None:
        self.__dict__["co_owners"] = [*self.co_owners, organisation]

    def describe(self) -> str:
        raise NotImplementedError
