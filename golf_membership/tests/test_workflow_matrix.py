from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .workflow_common import CLERKS, COMMITTEE, DIRECTORS, FINANCE, MANAGERS, SUPERVISORS, GolfWorkflowCommon

# Every action of every stateful model: (method, state of the record, values of the record, groups allowed).
# The groups are the procedures' (R-x.y), written out here independently of the transition tables.
ACTIONS = {
    "golf.membership": [
        ("action_submit", "draft", {}, CLERKS),
        ("action_approve", "submitted", {}, DIRECTORS),
        ("action_confirm_funds", "submitted", {}, FINANCE),
        ("action_override_deposit", "submitted", {}, MANAGERS),  # the club waives a term
        ("action_defer", "submitted", {}, DIRECTORS),
        ("action_reject", "submitted", {}, DIRECTORS),
        ("action_cancel", "approved", {}, SUPERVISORS),
        ("action_suspend", "active", {}, SUPERVISORS),
        ("action_reinstate", "suspended", {}, SUPERVISORS),
        ("action_reserve", "active", {}, DIRECTORS),
        ("action_reinstate", "reserved", {}, SUPERVISORS),
        ("action_withdraw", "active", {}, MANAGERS),
    ],
    "golf.membership.dependent": [
        ("action_submit", "draft", {}, CLERKS),
        ("action_review", "submitted", {}, DIRECTORS),
        ("action_approve", "submitted", {"date_reviewed": "2025-01-02"}, MANAGERS),
        ("action_cancel", "draft", {}, SUPERVISORS),
    ],
    "golf.membership.card": [
        ("action_issue", "to_issue", {}, CLERKS),
        ("action_deliver", "issued", {}, CLERKS),
        ("action_return", "delivered", {}, CLERKS),
        ("action_lost", "delivered", {}, CLERKS),
    ],
    "golf.membership.phase": [
        ("action_open", "draft", {}, MANAGERS),
        ("action_approve_sold_out", "sold_out", {}, MANAGERS),
        ("action_close", "open", {}, MANAGERS),
    ],
    "golf.membership.absence": [
        ("action_submit", "draft", {}, CLERKS),
        ("action_approve", "submitted", {}, DIRECTORS),
        ("action_reject", "submitted", {}, DIRECTORS),
        ("action_cancel", "submitted", {}, SUPERVISORS),
        ("action_end", "approved", {}, CLERKS),
    ],
    "golf.membership.transfer": [
        ("action_submit", "draft", {}, CLERKS),
        ("action_review", "submitted", {}, SUPERVISORS),  # the department heads
        ("action_approve", "submitted", {"date_reviewed": "2025-01-02"}, COMMITTEE),
        ("action_reject", "submitted", {}, COMMITTEE),
        ("action_cancel", "draft", {}, CLERKS),
        ("action_done", "approved", {}, CLERKS),
    ],
    "golf.membership.nominee.change": [
        ("action_submit", "draft", {}, CLERKS),
        ("action_review", "submitted", {}, SUPERVISORS),  # the department heads
        ("action_approve", "submitted", {"date_reviewed": "2025-01-02"}, DIRECTORS),
        ("action_reject", "submitted", {}, DIRECTORS),
        ("action_cancel", "draft", {}, CLERKS),
        ("action_done", "approved", {}, CLERKS),
    ],
    "golf.membership.change.request": [
        ("action_submit", "draft", {}, CLERKS),
        ("action_approve", "submitted", {}, SUPERVISORS),
        ("action_reject", "submitted", {}, SUPERVISORS),
    ],
    "golf.membership.violation": [
        ("action_submit", "draft", {}, CLERKS),
        ("action_approve", "submitted", {}, MANAGERS),
        ("action_reject", "submitted", {}, MANAGERS),
    ],
    "golf.prepaid.account": [
        ("action_submit", "draft", {}, CLERKS),
        ("action_reset_draft", "submitted", {}, CLERKS | FINANCE),
        ("action_confirm_funds", "submitted", {}, FINANCE),
        ("action_approve", "submitted", {"date_funds_confirmed": "2025-01-02"}, FINANCE),
        ("action_close", "active", {}, FINANCE),
    ],
    "golf.prepaid.charge": [
        ("action_post", "draft", {}, CLERKS | FINANCE),
        ("action_cancel", "draft", {}, CLERKS | FINANCE),
        ("action_cancel", "posted", {}, FINANCE),
    ],
    "golf.service.request": [
        ("action_respond", "new", {}, CLERKS),
        ("action_resolve", "in_progress", {}, CLERKS),
        ("action_close", "resolved", {}, SUPERVISORS),
        ("action_cancel", "new", {}, SUPERVISORS),
    ],
    "golf.service.visit": [
        ("action_done", "planned", {}, CLERKS),
        ("action_cancel", "planned", {}, CLERKS),
    ],
    "golf.billing.run": [
        ("action_run", "draft", {}, FINANCE),
        ("action_submit", "draft", {}, CLERKS),  # member services prepare the run
        ("action_run", "submitted", {}, FINANCE),  # finance confirms it
        ("action_reset", "submitted", {}, CLERKS | FINANCE),
    ],
    "golf.bag.storage": [
        ("action_renew", "expired", {}, CLERKS),
        ("action_close", "active", {}, CLERKS),
    ],
}

# Create, read, write, unlink of a record of the fixture company, per user (ACL and record rules).
EVERYONE_OUT = {"portal": "", "employee": "", "other_company": ""}
CLERKS_ALL = {"clerk": "crwu", "supervisor": "crwu", "director": "crwu", "manager": "crwu"}
CRUD = {
    "golf.membership": CLERKS_ALL | {"committee": "rw", "finance": "rw"} | EVERYONE_OUT,
    "golf.membership.dependent": CLERKS_ALL | {"committee": "r", "finance": "r"} | EVERYONE_OUT,
    "golf.membership.card": {"clerk": "crw", "supervisor": "crw", "director": "crw", "manager": "crw",
                             "committee": "r", "finance": "r"} | EVERYONE_OUT,
    "golf.membership.phase": {"clerk": "r", "supervisor": "r", "director": "r", "committee": "r", "finance": "r",
                              "manager": "crwu", "employee": "r", "portal": "", "other_company": ""},
    "golf.membership.absence": CLERKS_ALL | {"committee": "r", "finance": "r"} | EVERYONE_OUT,
    "golf.membership.transfer": CLERKS_ALL | {"committee": "rw", "finance": "r"} | EVERYONE_OUT,
    "golf.membership.nominee.change": CLERKS_ALL | {"committee": "r", "finance": "r"} | EVERYONE_OUT,
    "golf.membership.change.request": CLERKS_ALL | {"committee": "", "finance": ""} | EVERYONE_OUT,
    "golf.membership.violation": CLERKS_ALL | {"committee": "r", "finance": "r"} | EVERYONE_OUT,
    "golf.prepaid.account": CLERKS_ALL | {"committee": "", "finance": "crwu"} | EVERYONE_OUT,
    "golf.prepaid.charge": CLERKS_ALL | {"committee": "", "finance": "crwu"} | EVERYONE_OUT,
    "golf.service.request": CLERKS_ALL | {"committee": "", "finance": ""} | EVERYONE_OUT,
    "golf.service.visit": CLERKS_ALL | {"committee": "", "finance": ""} | EVERYONE_OUT,
    "golf.billing.run": {"clerk": "crw", "supervisor": "crw", "director": "crw", "committee": "", "finance": "crw",
                         "manager": "crw"} | EVERYONE_OUT,
    "golf.bag.storage": {"clerk": "crw", "supervisor": "crw", "director": "crw", "manager": "crw",
                         "committee": "", "finance": "crw"} | EVERYONE_OUT,
}
OPERATIONS = {"c": "create", "r": "read", "w": "write", "u": "unlink"}


@tagged("post_install", "-at_install")
class TestWorkflowMatrix(GolfWorkflowCommon):
    """Who may do what, for every stateful model and every kind of user: the record's create, read, write
    and unlink, and every action. A refused action raises AccessError and changes nothing; an allowed one
    is never refused for the user's rights (a rule of the procedures may still refuse it)."""

    def _take(self, record, method):
        """Take the action in a savepoint rolled back afterwards; returns the error raised, if any."""
        error = None
        with self.env.cr.savepoint() as savepoint, mute_logger("odoo.models"):
            try:
                getattr(record, method)()
            except UserError as exc:  # AccessError included
                error = exc
            savepoint.rollback()
        self.env.invalidate_all()
        return error

    def test_actions(self):
        cases = 0
        for model, rows in ACTIONS.items():
            for method, state, values, allowed in rows:
                record = self.make(model, state, **values)
                button = f"can_{method.removeprefix('action_').removesuffix('_draft')}"
                for key, user in self.all_users.items():
                    with self.subTest(model=model, action=method, state=state, user=key):
                        cases += 1
                        as_user = record.with_user(user)
                        flag = as_user[button] if key not in ("portal", "employee", "other_company") else False
                        error = self._take(as_user, method)
                        if key in allowed:
                            self.assertNotIsInstance(error, AccessError, f"{key} may {method} a {model}")
                            if error is None:
                                self.assertTrue(flag, f"{key} took {method} on {model}: the button shows it")
                        else:
                            self.assertIsInstance(error, AccessError, f"{key} may not {method} a {model}")
                            self.assertFalse(flag)
                            self.assertEqual(record.sudo().state, state)
        self.assertGreater(cases, 500)

    def test_crud(self):
        for model, expected in CRUD.items():
            record = self.make(model, self.env[model]._workflow_initial_state)
            for key, user in self.all_users.items():
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, user=key, operation=operation):
                        try:
                            record.with_user(user).check_access(operation)
                            allowed = True
                        except AccessError:
                            allowed = False
                        self.assertEqual(allowed, letter in expected[key])

    def test_history_is_never_deleted(self):
        """Nothing a club must keep is deleted: a record past its first state cannot be unlinked, even by
        management."""
        past_first_state = {
            "golf.membership": "active", "golf.membership.dependent": "active", "golf.membership.card": "issued",
            "golf.membership.phase": "closed", "golf.membership.absence": "approved",
            "golf.membership.transfer": "submitted", "golf.membership.nominee.change": "submitted",
            "golf.membership.change.request": "approved", "golf.membership.violation": "approved",
            "golf.prepaid.account": "active", "golf.prepaid.charge": "posted", "golf.service.request": "closed",
            "golf.service.visit": "done", "golf.billing.run": "done", "golf.bag.storage": "closed",
        }
        for model, state in past_first_state.items():
            record = self.make(model, state, **({"date_done": "2025-01-02"} if model == "golf.service.visit" else {}))
            with self.subTest(model=model), self.assertRaises(UserError), mute_logger("odoo.models"):
                record.with_user(self.manager).unlink()
            self.assertTrue(record.exists())
