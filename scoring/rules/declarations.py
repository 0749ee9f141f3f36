"""Yes/no declarations: fixed points for a yes or a no, and the pass/fail gate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from scoring.messages import Message
from scoring.rules.base import BOOLEAN, ParamReader, PriceRange, Rule, Target, points_words


@dataclass(frozen=True)
class DeclarationRule(Rule):
    """Shared check: a declaration is answered yes (true) or no (false)."""

    value_kind: ClassVar[str] = BOOLEAN

    def value_problem(self, value: Any) -> str | None:
        """Only true or false."""
        return None if isinstance(value, bool) else Message("expected yes or no (true/false), got %(value)s",
                                                            value=repr(value))


@dataclass(frozen=True)
class YesNoRule(DeclarationRule):
    """A yes gets points_yes, a no points_no (percent of the criterion's maximum)."""

    kind: ClassVar[str] = "yes_no"
    points_yes: float = 100.0
    points_no: float = 0.0

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """points_yes (100) and points_no (0), in 0..100 and different."""
        yes = reader.number("points_yes", 100.0, 0, 100)
        no = reader.number("points_no", 0.0, 0, 100)
        if yes is not None and yes == no:
            reader.problem("points_no", Message("a yes and a no must give different points"))
        return {"points_yes": yes, "points_no": no}

    def params(self) -> dict[str, Any]:
        """points_yes and points_no."""
        return {"points_yes": self.points_yes, "points_no": self.points_no}

    def points(self, value: Any, context: PriceRange | None = None) -> float:
        """Fixed points for the declared answer."""
        return self.points_yes if value else self.points_no

    @property
    def min_points(self) -> float:
        """The worse of the two answers."""
        return min(self.points_yes, self.points_no)

    def describe(self) -> Message:
        """Plain-language rule text."""
        return Message("Declaration: yes gets %(yes)s; no gets %(no)s.", yes=points_words(self.points_yes),
                       no=points_words(self.points_no))

    def formula(self) -> str:
        """The formula text."""
        return (f"points = max points × {self.points_yes:g} / 100 if yes, "
                f"max points × {self.points_no:g} / 100 if no")

    def target(self, value: Any) -> Target | None:
        """The better answer, when it was not given."""
        best = self.points_yes > self.points_no
        return None if value == best else Target(float(best), self.points(best), "answering")


@dataclass(frozen=True)
class PassFailRule(DeclarationRule):
    """A gate: the required answer passes (100 points), any other makes the bid ineligible (0)."""

    kind: ClassVar[str] = "pass_fail"
    is_gate: ClassVar[bool] = True
    required: bool = True

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """required: the answer that passes (true by default)."""
        return {"required": reader.choice("required", (True, False), True)}

    def params(self) -> dict[str, Any]:
        """required."""
        return {"required": self.required}

    def points(self, value: Any, context: PriceRange | None = None) -> float:
        """100 for a pass, 0 for a fail; a resolution records the same two values."""
        return 100.0 if value == self.required else 0.0

    def describe(self) -> Message:
        """Plain-language rule text."""
        if self.required:
            return Message("Pass/fail: the bid must declare yes; any other answer makes the bid ineligible.")
        return Message("Pass/fail: the bid must declare no; any other answer makes the bid ineligible.")

    def formula(self) -> str:
        """The formula text."""
        return f"pass if the answer is {'yes' if self.required else 'no'}, else the bid is ineligible"
