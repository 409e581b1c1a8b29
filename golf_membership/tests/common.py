from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

GROUPS = {
    "clerk": "golf_membership.group_golf_clerk",
    "supervisor": "golf_membership.group_golf_supervisor",
    "director": "golf_membership.group_golf_director",
    "committee": "golf_membership.group_golf_committee",
    "finance": "golf_membership.group_golf_finance",
    "manager": "golf_membership.group_golf_manager",
}


class GolfMembershipCommon(AccountTestInvoicingCommon):
    """A club with a company calendar, tiers, an open phase, users of each group and two journals.

    Tests are tagged post_install: the accounting fixtures of AccountTestInvoicingCommon need it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accounting fixtures run as an accountant; the club's configuration is set up as superuser.
        cls.env = cls.env(su=True)
        cls.company = cls.env.company
        cls.company.write({
            "golf_balance_days": 7,
            "golf_card_days": 20,
            "golf_certificate_days": 30,
            "golf_dependent_card_days": 5,
            "golf_card_fee_percent": 3.0,
        })
        cls.users = {
            key: new_test_user(
                cls.env, login=f"golf_{key}", name=f"Golf {key.title()}", groups=group,
                company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)],
            )
            for key, group in GROUPS.items()
        }
        cls.clerk = cls.users["clerk"]
        cls.supervisor = cls.users["supervisor"]
        cls.director = cls.users["director"]
        cls.committee = cls.users["committee"]
        cls.finance = cls.users["finance"]
        cls.manager = cls.users["manager"]

        Tier = cls.env["golf.membership.type"]
        cls.tier_gold = Tier.create({
            "name": "Gold", "code": "GOLD", "kind": "individual", "entrance_fee": 120000.0,
            "deposit_amount": 10000.0, "monthly_due": 1000.0, "dependent_monthly_due": 300.0,
            "transfer_fee": 20000.0, "rename_fee": 5000.0, "absence_fee": 1000.0,
        })
        cls.tier_corporate = Tier.create({
            "name": "Corporate", "code": "CORP", "kind": "corporate", "entrance_fee": 250000.0,
            "deposit_amount": 10000.0, "monthly_due": 1500.0, "dependent_monthly_due": 300.0,
            "transfer_fee": 30000.0, "rename_fee": 8000.0, "absence_fee": 1000.0,
        })
        cls.phase = cls.env["golf.membership.phase"].create({
            "name": "Phase 1",
            "sequence": 1,
            "line_ids": [
                Command.create({"type_id": cls.tier_gold.id, "price": 100000.0, "quota": 5}),
                Command.create({"type_id": cls.tier_corporate.id, "price": 200000.0, "quota": 3}),
            ],
        })
        cls.phase.with_user(cls.manager).action_open()

        Partner = cls.env["res.partner"]
        cls.applicant = Partner.create({"name": "Zhang Wei", "email": "zhang.wei@example.com", "phone": "13800000001"})
        cls.company_holder = Partner.create({"name": "Shenzhen Trading Co.", "is_company": True})
        cls.nominee = Partner.create({"name": "Li Na", "parent_id": cls.company_holder.id, "type": "contact"})

        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.card_journal = cls.bank_journal.copy({"name": "Credit Card", "code": "CARD", "golf_is_card_journal": True})

    # ------------------------------------------------------------------ helpers

    @classmethod
    def create_membership(cls, **values):
        values.setdefault("partner_id", cls.applicant.id)
        values.setdefault("type_id", cls.tier_gold.id)
        values.setdefault("phase_id", cls.phase.id)
        return cls.env["golf.membership"].with_user(cls.clerk).create(values)

    def submit(self, membership):
        membership.with_user(self.clerk).action_submit()
        return membership

    def receive_documents(self, membership):
        membership.document_ids.with_user(self.clerk).write({"received": True})
        return membership

    def approve(self, membership, user=None):
        """R-1.3 / R-1.4: the deposit is paid (on the day, unless it already was), then the director approves."""
        if not membership.deposit_received and not membership.deposit_override_by_id:
            self.pay(membership.deposit_invoice_id)
        membership.with_user(user or self.director).action_approve()
        return membership

    def submitted_membership(self, **values):
        return self.receive_documents(self.submit(self.create_membership(**values)))

    def approved_membership(self, **values):
        return self.approve(self.submitted_membership(**values))

    def pay(self, invoice, amount=None, journal=None, date=None):
        """Register a payment on ``invoice`` through the standard wizard, as finance would."""
        values = {"journal_id": (journal or self.bank_journal).id}
        if amount is not None:
            values["amount"] = amount
        if date:
            values["payment_date"] = date
        wizard = self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(values)
        return wizard._create_payments()

    def active_membership(self, **values):
        membership = self.approved_membership(**values)
        self.pay(membership.balance_invoice_id)
        return membership

    # ------------------------------------------------------------------ helpers added for the admission tests

    def pay_as(self, user, invoice, amount=None, journal=None, date=None):
        """Like ``pay``, but registered by ``user`` (e.g. ``self.finance``) with that user's rights."""
        values = {"journal_id": (journal or self.bank_journal).id}
        if amount is not None:
            values["amount"] = amount
        if date:
            values["payment_date"] = date
        wizard = self.env["account.payment.register"].with_user(user).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(values)
        return wizard._create_payments()

    def receivable_residual(self, partner):
        """What ``partner`` still owes (positive) or is owed (negative): open receivable of posted entries."""
        lines = self.env["account.move.line"].search([
            ("partner_id", "=", partner.commercial_partner_id.id),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("company_id", "=", self.company.id),
        ])
        return sum(lines.mapped("amount_residual"))
