"""Writes to the register of cadres and party members, by sub-domain. Each is ``@transaction.atomic``,
takes keyword-only typed arguments with the actor first, refuses bad input with a Vietnamese
``ApplicationError`` naming the field, checks the actor's "enter" scope, and appends one audit row."""

from pbms.people.services.committees import body_create, body_seat_add, body_seat_end, term_create
from pbms.people.services.membership import (
    member_admit,
    member_die,
    member_exempt,
    member_exemption_end,
    member_expel,
    member_move_in,
    member_move_out,
    member_readmit,
    member_recognize,
    member_strike_off,
    member_transfer,
    member_withdraw,
)
from pbms.people.services.persons import person_create, person_link_user, person_update
from pbms.people.services.records import position_end, position_start, qualification_add, training_add

__all__ = [
    "body_create",
    "body_seat_add",
    "body_seat_end",
    "member_admit",
    "member_die",
    "member_exempt",
    "member_exemption_end",
    "member_expel",
    "member_move_in",
    "member_move_out",
    "member_readmit",
    "member_recognize",
    "member_strike_off",
    "member_transfer",
    "member_withdraw",
    "person_create",
    "person_link_user",
    "person_update",
    "position_end",
    "position_start",
    "qualification_add",
    "term_create",
    "training_add",
]
