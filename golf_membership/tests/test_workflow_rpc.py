from datetime import date
from xmlrpc.client import Fault

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .workflow_common import GolfWorkflowCommon

# The context keys that switched the old guards off: they must authorise nothing.
FORGING_CONTEXT = {"golf_state_change": True, "golf_service_action": True}

# For each stateful model: the state an integrator would forge, and a workflow field to write.
FORGERIES = {
    "golf.membership": ("active", {"date_approved": "2025-01-01"}),
    "golf.membership.dependent": ("active", {"date_reviewed": "2025-01-01"}),
    "golf.membership.card": ("delivered", {"date_issued": "2025-01-01"}),
    "golf.membership.phase": ("open", {"date_open": "2025-01-01"}),
    "golf.membership.absence": ("active", {"date_decision": "2025-01-01"}),
    "golf.membership.transfer": ("done", {"date_done": "2025-01-01"}),
    "golf.membership.nominee.change": ("done", {"date_done": "2025-01-01"}),
    "golf.membership.change.request": ("approved", {"date_decision": "2025-01-01"}),
    "golf.membership.violation": ("approved", {"date_decision": "2025-01-01"}),
    "golf.prepaid.account": ("active", {"date_funds_confirmed": "2025-01-01"}),
    "golf.prepaid.charge": ("posted", {"invoice_id": False}),
    "golf.service.request": ("closed", {"satisfaction": 100.0}),
    "golf.service.visit": ("done", {"state": "cancelled"}),
    "golf.billing.run": ("done", {"state": "running"}),
    "golf.bag.storage": ("closed", {"reminder_sent": True}),
}


@tagged("post_install", "-at_install")
class TestWorkflowRpc(GolfWorkflowCommon, HttpCase):
    """Through Odoo's external API, as an integrator's script calls it (XML-RPC ``execute_kw``): a forged
    state in ``create``, a ``write`` of the state or of a workflow field, with or without the old context
    keys, are all refused, and nothing changes in the database."""

    def execute(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs,
        )

    def vals_for_rpc(self, model):
        """Values as a client sends them: commands as lists, dates as strings."""
        def plain(value):
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, Command):
                return int(value)
            if isinstance(value, (list, tuple)):
                return [plain(item) for item in value]
            return value
        return {key: plain(value) for key, value in self.base_values(model).items()}

    def test_forged_create_refused(self):
        """A clerk may create each of these documents, but only in its first state."""
        for model, (forged_state, _fields) in FORGERIES.items():
            user = self.manager if model in ("golf.membership.phase", "golf.billing.run") else self.clerk
            for context in ({}, FORGING_CONTEXT):
                with self.subTest(model=model, context=context):
                    before = self.env[model].sudo().search_count([])
                    vals = dict(self.vals_for_rpc(model), state=forged_state)
                    with mute_logger("odoo.http"), self.assertRaises(Fault):
                        self.execute(user, model, "create", [vals], context=context)
                    self.assertEqual(self.env[model].sudo().search_count([]), before)

    def test_forged_write_refused(self):
        """Even the management, whose buttons move every workflow, cannot write the state or a workflow
        field directly."""
        for model, (forged_state, workflow_fields) in FORGERIES.items():
            initial = self.env[model]._workflow_initial_state
            record = self.make(model, initial)
            for vals in ({"state": forged_state}, workflow_fields):
                for context in ({}, FORGING_CONTEXT):
                    with self.subTest(model=model, vals=vals, context=context):
                        with mute_logger("odoo.http"), self.assertRaises(Fault):
                            self.execute(self.manager, model, "write", [record.id], vals, context=context)
                        record.invalidate_recordset()
                        self.assertEqual(record.sudo().state, initial)
                        for name in vals:
                            self.assertFalse(name != "state" and record.sudo()[name])

    def test_deposit_override_through_rpc(self):
        """R-1.3: approving without the deposit is management's recorded action: over RPC a director may not take
        it, nobody may write its fields, and management's is kept with who, when and why."""
        membership = self.submitted_membership(partner_id=self.env["res.partner"].create({"name": "Wu Lei"}).id)
        with mute_logger("odoo.http"):
            with self.assertRaises(Fault):
                self.execute(self.director, "golf.membership", "action_override_deposit", [membership.id],
                             reason="Forged")
            for values in ({"deposit_override_by_id": self.manager.id}, {"deposit_override_reason": "Forged"},
                           {"funds_confirmed_by_id": self.finance.id}):
                with self.assertRaises(Fault):
                    self.execute(self.manager, "golf.membership", "write", [membership.id], values)
            with self.assertRaises(Fault):
                self.execute(self.director, "golf.membership", "action_approve", [membership.id])
        membership.invalidate_recordset()
        self.assertFalse(membership.deposit_override_by_id)
        self.execute(self.manager, "golf.membership", "action_override_deposit", [membership.id],
                     reason="Bank transfer on its way")
        self.execute(self.director, "golf.membership", "action_approve", [membership.id])
        membership.invalidate_recordset()
        self.assertEqual(membership.deposit_override_by_id, self.manager)
        self.assertEqual(membership.deposit_override_reason, "Bank transfer on its way")
        self.assertEqual(membership.state, "approved")

    def test_actions_through_rpc(self):
        """The actions are the way: the director approves a submitted application over RPC; a clerk who
        tries the same is refused and the application stays submitted."""
        membership = self.submitted_membership(partner_id=self.env["res.partner"].create({"name": "Qian Li"}).id)
        self.pay(membership.deposit_invoice_id)
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            self.execute(self.clerk, "golf.membership", "action_approve", [membership.id])
        membership.invalidate_recordset()
        self.assertEqual(membership.state, "submitted")
        self.execute(self.director, "golf.membership", "action_approve", [membership.id])
        membership.invalidate_recordset()
        self.assertEqual(membership.state, "approved")
