from datetime import date
from xmlrpc.client import Fault

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .changes_common import GolfChangesCommon
from .workflow_common import GolfWorkflowCommon

SUPERVISOR = "golf_membership.group_golf_supervisor"
COMMITTEE = "golf_membership.group_golf_committee"
DIRECTOR = "golf_membership.group_golf_director"


@tagged("post_install", "-at_install")
class TestChangeReview(GolfChangesCommon):
    """R-4.2 / R-5.1: the department heads review a transfer or a nominee change before the committee or the
    director decides; R-4.4 / R-5.3: the newcomer's documents are received before the change is completed;
    R-5.5: the nominee history of a corporate membership."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_nominee = cls.env["res.partner"].create({"name": "Chen Jie", "parent_id": cls.company_holder.id})

    def setUp(self):
        super().setUp()
        with freeze_time("2023-01-02"):
            self.membership = self.active_membership()
            self.corporate = self.active_membership(
                partner_id=self.company_holder.id, nominee_id=self.nominee.id, type_id=self.tier_corporate.id,
            )
        self.enterContext(freeze_time("2025-03-03"))

    def transfer(self):
        transfer = self.env["golf.membership.transfer"].with_user(self.clerk).create({
            "membership_id": self.membership.id, "transferee_id": self.transferee.id,
            "date_notice": date(2025, 3, 3), "date_effective": date(2025, 4, 2),
            "declaration_received": True, "confirmation_received": True, "locker_key_returned": True,
        })
        transfer.with_user(self.clerk).action_submit()
        return transfer

    def nominee_change(self):
        change = self.env["golf.membership.nominee.change"].with_user(self.clerk).create({
            "membership_id": self.corporate.id, "new_nominee_id": self.new_nominee.id,
            "application_signed": True, "documents_returned": True,
        })
        change.with_user(self.clerk).action_submit()
        return change

    def todo_of(self, record, group):
        user = self.company._golf_responsible_user(group)
        return record.activity_ids.filtered(
            lambda a: a.user_id == user and a.activity_type_id == self.env.ref("golf_membership.mail_act_golf_review")
        )

    # ------------------------------------------------------------------ the department heads review

    def test_transfer_approval_refused_before_review(self):
        """R-4.2: the review committee cannot decide a transfer the department heads have not reviewed; the
        supervisor has the to-do first, the committee once it is reviewed."""
        transfer = self.transfer()
        self.assertTrue(self.todo_of(transfer, SUPERVISOR))
        self.assertFalse(self.todo_of(transfer, COMMITTEE))
        self.assertFalse(transfer.with_user(self.committee).can_approve)
        with self.assertRaisesRegex(UserError, "department heads must review"):
            transfer.with_user(self.committee).action_approve()
        self.assertEqual(transfer.state, "submitted")
        self.assertFalse(transfer.invoice_id)

    def test_transfer_review(self):
        """R-4.2: a supervisor (a department head) reviews, a clerk or the committee may not; then the committee
        approves."""
        transfer = self.transfer()
        for user in (self.clerk, self.committee, self.finance):
            self.assertFalse(transfer.with_user(user).can_review)
            with self.assertRaises(AccessError):
                transfer.with_user(user).action_review()
        self.assertFalse(transfer.date_reviewed)
        self.assertTrue(transfer.with_user(self.supervisor).can_review)
        transfer.with_user(self.supervisor).action_review()
        self.assertEqual(transfer.date_reviewed, date(2025, 3, 3))
        self.assertEqual(transfer.reviewed_by_id, self.supervisor)
        self.assertEqual(transfer.state, "submitted")
        self.assertFalse(transfer.with_user(self.supervisor).can_review)
        with self.assertRaisesRegex(UserError, "already reviewed"):
            transfer.with_user(self.supervisor).action_review()
        self.assertFalse(self.todo_of(transfer, SUPERVISOR) - self.todo_of(transfer, COMMITTEE))
        self.assertTrue(self.todo_of(transfer, COMMITTEE))
        self.assertTrue(transfer.with_user(self.committee).can_approve)
        transfer.with_user(self.committee).action_approve()
        self.assertEqual(transfer.state, "approved")
        self.assertEqual(transfer.decided_by_id, self.committee)
        self.assertTrue(transfer.invoice_id)
        # The printed approval form (会籍转让审批表) carries the department heads' review.
        form = self.env["ir.actions.report"]._render_qweb_html(
            "golf_membership.report_transfer_approval", transfer.ids)[0].decode()
        self.assertIn(self.supervisor.name, form)

    def test_workflow_fields_not_written_by_hand(self):
        """The review is recorded by its action only."""
        transfer = self.transfer()
        with self.assertRaises(UserError):
            transfer.with_user(self.supervisor).write({"date_reviewed": date(2025, 3, 1)})
        with self.assertRaises(UserError):
            transfer.with_user(self.manager).write({"reviewed_by_id": self.supervisor.id})
        self.assertFalse(transfer.date_reviewed or transfer.reviewed_by_id)

    # ------------------------------------------------------------------ the transferee's documents

    def test_transfer_completion_needs_transferee_documents(self):
        """R-4.4: the transferee's application, 2 photos and ID copy are checklist lines of the transfer, received
        before the transfer completes; they then belong to the new membership's file."""
        transfer = self.transfer()
        self.assertEqual(transfer.document_ids.mapped("name"), [
            "Application form of Wang Fang (入会申请书)", "2 photos of Wang Fang", "ID copy of Wang Fang",
        ])
        self.assertTrue(all(transfer.document_ids.mapped("required")))
        # Not part of the transferor's file while the transfer is under way.
        self.assertFalse(self.membership.document_ids & transfer.document_ids)
        transfer.with_user(self.supervisor).action_review()
        transfer.with_user(self.committee).action_approve()
        self.pay(transfer.invoice_id)
        self.return_cards(self.membership)
        photos = transfer.document_ids.filtered(lambda d: d.code == "photos")
        (transfer.document_ids - photos).with_user(self.clerk).write({"received": True})
        with freeze_time("2025-04-02"):
            with self.assertRaisesRegex(UserError, r"transferee's documents are not all received: 2 photos of Wang Fang"):
                transfer.with_user(self.clerk).action_done()
            self.assertEqual((transfer.state, self.membership.state), ("approved", "active"))
            photos.with_user(self.clerk).action_mark_received()
            transfer.with_user(self.clerk).action_done()
        new = transfer.new_membership_id
        self.assertEqual(transfer.state, "done")
        self.assertEqual(new.document_ids, transfer.document_ids)
        self.assertTrue(all(new.document_ids.mapped("received")))
        self.assertFalse(self.membership.document_ids & transfer.document_ids)

    # ------------------------------------------------------------------ nominee change

    def test_nominee_change_review(self):
        """R-5.1: the department heads review the company's application before the marketing director decides;
        a clerk cannot review it."""
        change = self.nominee_change()
        self.assertTrue(self.todo_of(change, SUPERVISOR))
        with self.assertRaisesRegex(UserError, "department heads must review"):
            change.with_user(self.director).action_approve()
        with self.assertRaises(AccessError):
            change.with_user(self.clerk).action_review()
        change.with_user(self.supervisor).action_review()
        self.assertEqual(change.reviewed_by_id, self.supervisor)
        self.assertTrue(self.todo_of(change, DIRECTOR))
        change.with_user(self.director).action_approve()
        self.assertEqual(change.state, "approved")

    # ------------------------------------------------------------------ nominee history

    def test_nominee_history(self):
        """R-5.3 / R-5.5: the corporate membership's nominee is on record from its start; the completed change
        closes the old nominee's line on the day the rename fee was paid and opens the new nominee's, whose
        documents were received first; the membership is found by its former nominee."""
        start = self.corporate.date_start
        self.assertEqual(self.corporate.nominee_history_ids.mapped(lambda n: (n.partner_id, n.date_from, n.date_to)),
                         [(self.nominee, start, False)])
        change = self.nominee_change()
        change.with_user(self.supervisor).action_review()
        change.with_user(self.director).action_approve()
        with freeze_time("2025-03-07"):
            self.pay(change.invoice_id)
        with self.assertRaisesRegex(UserError, r"new nominee's documents are not all received"):
            change.with_user(self.clerk).action_done()
        self.receive_documents(change)
        with freeze_time("2025-03-10"):
            change.with_user(self.clerk).action_done()
        history = self.corporate.nominee_history_ids.sorted("date_from")
        self.assertEqual(history.mapped(lambda n: (n.partner_id, n.date_from, n.date_to, n.nominee_change_id)), [
            (self.nominee, start, date(2025, 3, 7), self.env["golf.membership.nominee.change"]),
            (self.new_nominee, date(2025, 3, 7), False, change),
        ])
        self.assertEqual(history.mapped("current"), [False, True])
        # The register is searched by a former nominee (the search view's "Nominee, Former or Current").
        Membership = self.env["golf.membership"].with_user(self.clerk)
        self.assertEqual(Membership.search([("nominee_history_ids", "ilike", "Li Na")]), self.corporate)
        self.assertEqual(Membership.search([("nominee_id", "ilike", "Li Na")]), Membership)
        self.assertEqual(Membership.search([("nominee_history_ids", "ilike", "Chen Jie")]), self.corporate)

    def test_nominee_history_kept_by_the_module(self):
        """R-5.5: the history is written by the nominee changes only; the module's users read it."""
        line = self.corporate.nominee_history_ids
        for user in (self.clerk, self.committee, self.finance):
            self.assertEqual(line.with_user(user).partner_id, self.nominee)
        for user in (self.clerk, self.manager):
            with self.assertRaises(UserError):  # AccessError included
                line.with_user(user).write({"date_to": date(2025, 1, 1)})
            with self.assertRaises(UserError):  # AccessError included
                self.env["golf.membership.nominee"].with_user(user).create({
                    "membership_id": self.corporate.id, "partner_id": self.new_nominee.id,
                    "date_from": date(2025, 1, 1),
                })
            with self.assertRaises(UserError):  # AccessError included
                line.with_user(user).unlink()
        self.assertEqual(self.corporate.nominee_history_ids, line)
        self.assertFalse(line.date_to)


@tagged("post_install", "-at_install")
class TestChangeReviewRpc(GolfWorkflowCommon, HttpCase):
    """R-4.2 / R-5.1 through the external API (XML-RPC ``execute_kw``): a clerk cannot write the review, nor take
    it; a supervisor takes it with the action."""

    def execute(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs,
        )

    def test_review_through_rpc(self):
        for model in ("golf.membership.transfer", "golf.membership.nominee.change"):
            record = self.make(model, "submitted")
            with self.subTest(model=model):
                with mute_logger("odoo.http"):
                    for values in ({"date_reviewed": "2025-01-02"}, {"reviewed_by_id": self.clerk.id}):
                        with self.assertRaises(Fault):
                            self.execute(self.clerk, model, "write", [record.id], values)
                    with self.assertRaises(Fault):
                        self.execute(self.clerk, model, "action_review", [record.id])
                record.invalidate_recordset()
                self.assertFalse(record.date_reviewed or record.reviewed_by_id)
                self.execute(self.supervisor, model, "action_review", [record.id])
                record.invalidate_recordset()
                self.assertEqual(record.reviewed_by_id, self.supervisor)
                self.assertTrue(record.date_reviewed)
