from datetime import date

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestGolfMembershipCard(GolfMembershipCommon):
    """R-1.6 / R-1.7 / R-1.9: temporary card, member card, bag tag and certificate."""

    def setUp(self):
        super().setUp()
        # Monday 3 March 2025: approved and fully paid on that day.
        self.enterContext(freeze_time("2025-03-03"))
        self.membership = self.active_membership()

    def card(self, card_type, membership=None):
        return (membership or self.membership).card_ids.filtered(
            lambda c: c.card_type == card_type and c.state not in ("lost", "cancelled")
        )

    def hand_over(self, cards):
        cards.filtered(lambda card: card.state == "to_issue").with_user(self.clerk).action_issue()
        cards.with_user(self.clerk).action_deliver()
        return cards

    def overdue_activities(self, cards):
        return self.env["mail.activity"].sudo().search([
            ("res_model", "=", "golf.membership.card"),
            ("res_id", "in", cards.ids),
            ("activity_type_id", "=", self.env.ref("golf_membership.mail_act_golf_card_overdue").id),
        ])

    # ------------------------------------------------------------------ creation

    def test_cards_made_on_approval_and_activation(self):
        """R-1.6: temporary card on approval; R-1.7: card and bag tag within 20 working days,
        certificate within 30 working days of joining."""
        self.assertEqual(self.membership.state, "active")
        self.assertEqual(self.membership.date_start, date(2025, 3, 3))
        cards = self.membership.card_ids
        self.assertEqual(sorted(cards.mapped("card_type")), ["bag_tag", "certificate", "member", "temporary"])
        self.assertEqual(cards.partner_id, self.applicant)
        temporary = self.card("temporary")
        self.assertEqual(temporary.state, "issued", "R-1.6: the temporary card goes out with the welcome letter")
        self.assertEqual(temporary.date_issued, date(2025, 3, 3))
        self.assertTrue(all(card.state == "to_issue" for card in cards - temporary))
        self.assertEqual(self.card("member").date_due, date(2025, 3, 31))
        self.assertEqual(self.card("bag_tag").date_due, date(2025, 3, 31))
        self.assertEqual(self.card("certificate").date_due, date(2025, 4, 14))

    def test_card_numbers(self):
        """Card numbers come from a sequence and are unique."""
        numbers = self.membership.card_ids.mapped("number")
        self.assertEqual(len(set(numbers)), 4)
        self.assertTrue(all(number and number != "/" and number.startswith("C") for number in numbers))
        other = self.active_membership(partner_id=self.env["res.partner"].create({"name": "Liu Yang"}).id)
        self.assertFalse(set(numbers) & set(other.card_ids.mapped("number")))
        # Numbers are set by the module; the database refuses a duplicate even from the superuser (imports).
        with self.assertRaises(UniqueViolation), mute_logger("odoo.sql_db"):
            self.card("member", other).sudo().number = self.card("member").number
            self.env.flush_all()

    def test_corporate_cards_for_nominee(self):
        """R-1.2: the cards of a corporate membership carry the nominee's name."""
        corporate = self.active_membership(
            partner_id=self.company_holder.id, nominee_id=self.nominee.id, type_id=self.tier_corporate.id
        )
        self.assertEqual(corporate.card_ids.partner_id, self.nominee)

    # ------------------------------------------------------------------ transitions

    def test_issue_and_deliver(self):
        """R-1.9: the card is made, then handed over against signature."""
        member_card = self.card("member")
        with self.assertRaises(UserError):
            member_card.with_user(self.clerk).action_deliver()
        with self.assertRaises(UserError):
            member_card.with_user(self.clerk).action_return()
        with self.assertRaises(UserError):
            member_card.with_user(self.clerk).action_lost()

        with freeze_time("2025-03-20"):
            member_card.with_user(self.clerk).action_issue()
        self.assertEqual(member_card.state, "issued")
        self.assertEqual(member_card.date_issued, date(2025, 3, 20))
        with self.assertRaises(UserError):
            member_card.with_user(self.clerk).action_issue()

        with freeze_time("2025-03-21"):
            member_card.with_user(self.clerk).action_deliver()
        self.assertEqual(member_card.state, "delivered")
        self.assertEqual(member_card.date_delivered, date(2025, 3, 21))
        with self.assertRaises(UserError):
            member_card.with_user(self.clerk).action_deliver()

        with freeze_time("2026-01-05"):
            member_card.with_user(self.clerk).action_return()
        self.assertEqual(member_card.state, "returned")
        self.assertEqual(member_card.date_returned, date(2026, 1, 5))
        with self.assertRaises(UserError):
            member_card.with_user(self.clerk).action_return()

    def test_formal_card_takes_back_temporary_card(self):
        """R-1.7: on collecting the formal card the member returns the temporary card."""
        temporary = self.card("temporary")
        temporary.with_user(self.clerk).action_deliver()  # the member signed for it
        self.assertEqual(temporary.state, "delivered")
        with freeze_time("2025-03-25"):
            self.hand_over(self.card("bag_tag"))
        self.assertEqual(temporary.state, "delivered", "The bag tag does not replace the temporary card")
        with freeze_time("2025-03-26"):
            self.hand_over(self.card("member"))
        self.assertEqual(temporary.state, "returned")
        self.assertEqual(temporary.date_returned, date(2025, 3, 26))

    def test_formal_card_cancels_pending_temporary_card(self):
        """R-1.7: a replacement temporary card not made yet when the formal card is delivered is no
        longer needed: it is cancelled, not chased."""
        lost = self.card("temporary")
        with freeze_time("2025-03-10"):
            replacement = lost.with_user(self.clerk).action_lost()
        self.assertEqual(replacement.state, "to_issue")
        with freeze_time("2025-03-26"):
            self.hand_over(self.card("member"))
        self.assertEqual(lost.state, "lost")
        self.assertEqual(replacement.state, "cancelled")
        self.assertFalse(replacement.is_overdue)

    def test_lost_card_replaced(self):
        member_card = self.hand_over(self.card("member"))
        with freeze_time("2025-06-02"):
            replacement = member_card.with_user(self.clerk).action_lost()
        self.assertEqual(member_card.state, "lost")
        self.assertEqual(len(replacement), 1)
        self.assertEqual(replacement.state, "to_issue")
        self.assertEqual(replacement.card_type, "member")
        self.assertEqual(replacement.replaced_card_id, member_card)
        self.assertEqual(replacement.partner_id, self.applicant)
        self.assertEqual(replacement.membership_id, self.membership)
        self.assertNotEqual(replacement.number, member_card.number)
        # Monday 2 June 2025 + 20 working days.
        self.assertEqual(replacement.date_due, date(2025, 6, 30))
        with self.assertRaises(UserError):
            member_card.with_user(self.clerk).action_lost()

    def test_lost_dependent_card_replaced_within_dependent_card_days(self):
        """R-7.3: a replacement dependent card is due after the dependent card days, not the member card days."""
        spouse = self.env["golf.membership.dependent"].with_user(self.clerk).create({
            "membership_id": self.membership.id,
            "partner_id": self.env["res.partner"].create({"name": "Wang Fang"}).id,
            "relation": "spouse",
        })
        spouse.with_user(self.clerk).action_submit()
        spouse.document_ids.with_user(self.clerk).write({"received": True})
        spouse.with_user(self.director).action_review()
        spouse.with_user(self.manager).action_approve()
        card = self.hand_over(spouse.card_ids)
        with freeze_time("2025-06-02"):
            replacement = card.with_user(self.clerk).action_lost()
        self.assertEqual(replacement.card_type, "dependent")
        self.assertEqual(replacement.dependent_id, spouse)
        self.assertEqual(replacement.partner_id, spouse.partner_id)
        self.assertEqual(replacement.date_due, date(2025, 6, 9))
        self.assertEqual(spouse.card_ids, card | replacement)

    def test_certificate_after_full_payment(self):
        """R-1.7: a member paying by instalments gets the certificate only after paying everything."""
        membership = self.approved_membership(
            partner_id=self.env["res.partner"].create({"name": "Zhao Lei"}).id,
            payment_mode="installment", installment_count=3,
        )
        balance = membership.balance_invoice_id
        receivables = balance.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).sorted(lambda line: (line.date_maturity, line.id))
        self.assertEqual(len(receivables), 3)
        self.pay(balance, amount=receivables[0].balance)
        self.assertEqual(membership.state, "active", "The first instalment starts the membership")
        certificate = self.card("certificate", membership)
        self.assertTrue(certificate)
        with self.assertRaisesRegex(UserError, "still due"):
            certificate.with_user(self.clerk).action_issue()
        self.assertEqual(certificate.state, "to_issue")
        self.hand_over(self.card("member", membership))

        self.pay(balance, amount=balance.amount_residual)
        self.assertTrue(membership.admission_paid)
        certificate.with_user(self.clerk).action_issue()
        self.assertEqual(certificate.state, "issued")

    # ------------------------------------------------------------------ deadlines

    def test_overdue_filter_and_cron(self):
        """R-1.7: member services are told once of every card past its due date."""
        self.card("temporary").with_user(self.clerk).action_deliver()
        Card = self.env["golf.membership.card"].with_user(self.clerk)
        mine = [("membership_id", "=", self.membership.id)]
        with freeze_time("2025-03-31"):
            self.assertFalse(Card.search([("is_overdue", "=", True), *mine]), "Due today is not overdue")
            self.env["golf.membership"].sudo()._cron_daily()
            self.assertFalse(self.overdue_activities(self.membership.card_ids))

        with freeze_time("2025-04-01"):
            overdue = Card.search([("is_overdue", "=", True), *mine])
            self.assertEqual(overdue, self.card("member") | self.card("bag_tag"))
            self.assertEqual(
                Card.search([("is_overdue", "=", False), *mine]), self.card("temporary") | self.card("certificate")
            )
            self.env["golf.membership"].sudo()._cron_daily()
            activities = self.overdue_activities(self.membership.card_ids)
            self.assertEqual(len(activities), 2)
            self.assertEqual(set(activities.mapped("res_id")), set(overdue.ids))
            self.assertTrue(activities.user_id.has_group("golf_membership.group_golf_clerk"))

            self.env["golf.membership"].sudo()._cron_daily()
            self.assertEqual(self.overdue_activities(self.membership.card_ids), activities, "Idempotent")

            self.card("member").with_user(self.clerk).action_issue()
            self.assertEqual(self.overdue_activities(self.membership.card_ids).res_id, self.card("bag_tag").id)
            self.assertEqual(Card.search([("is_overdue", "=", True), *mine]), self.card("bag_tag"))

    def test_dependent_card_overdue(self):
        """R-7.3: a dependent card not issued within the dependent card days is overdue."""
        spouse = self.env["golf.membership.dependent"].with_user(self.clerk).create({
            "membership_id": self.membership.id,
            "partner_id": self.env["res.partner"].create({"name": "Wang Fang"}).id,
            "relation": "spouse",
        })
        spouse.with_user(self.clerk).action_submit()
        spouse.document_ids.with_user(self.clerk).write({"received": True})
        spouse.with_user(self.director).action_review()
        spouse.with_user(self.manager).action_approve()
        card = spouse.card_ids
        self.assertEqual(card.date_due, date(2025, 3, 10))
        with freeze_time("2025-03-11"):
            self.assertTrue(card.is_overdue)
            self.assertEqual(
                self.env["golf.membership.card"].with_user(self.clerk).search([
                    ("is_overdue", "=", True), ("membership_id", "=", self.membership.id),
                ]),
                card,
                "The dependent card is late; the member card and the temporary card (issued) are not",
            )
            self.env["golf.membership"].sudo()._cron_daily()
            self.assertEqual(len(self.overdue_activities(card)), 1)
        # cancelled after the minimum term, the card is cancelled and no longer chased.
        with freeze_time("2025-09-03"):
            spouse.with_user(self.supervisor).action_cancel()
        self.assertEqual(card.state, "cancelled")
        self.assertFalse(card.is_overdue)
        self.assertFalse(self.overdue_activities(card))

    # ------------------------------------------------------------------ member services only

    def test_only_member_services_handle_cards(self):
        """R-1.7 / R-1.9: issuing, handing over and taking back cards are member-services steps."""
        member_card = self.card("member")
        temporary = self.card("temporary")
        for user in (self.finance, self.committee):
            with self.assertRaises(AccessError):
                member_card.with_user(user).action_issue()
            for action in ("action_deliver", "action_return", "action_lost"):
                with self.assertRaises(AccessError):
                    getattr(temporary.with_user(user), action)()
        self.assertEqual((member_card.state, temporary.state), ("to_issue", "issued"))
        self.assertFalse(member_card.date_issued or temporary.date_delivered)
        self.assertEqual(len(self.membership.card_ids), 4, "No replacement card was made")

    def test_buttons_follow_the_groups(self):
        """Each card button is shown exactly to member services, and only in the states it applies to."""
        member_card = self.card("member")
        temporary = self.card("temporary")

        def allowed(card, field):
            return {key for key, user in self.users.items() if card.with_user(user)[field]}

        clerks = {"clerk", "supervisor", "director", "manager"}
        self.assertEqual(allowed(member_card, "can_issue"), clerks)
        self.assertEqual(allowed(member_card, "can_deliver"), set())
        self.assertEqual(allowed(temporary, "can_deliver"), clerks)
        self.assertEqual(allowed(temporary, "can_return"), clerks)
        self.assertEqual(allowed(temporary, "can_lost"), clerks)
        self.assertEqual(allowed(temporary, "can_issue"), set())

    def test_certificate_button_waits_for_full_payment(self):
        """R-1.7: the certificate's Issue button is not shown while an admission amount is unpaid."""
        membership = self.approved_membership(
            partner_id=self.env["res.partner"].create({"name": "Zhao Lei"}).id,
            payment_mode="installment", installment_count=3,
        )
        first = membership.balance_invoice_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).sorted("date_maturity")[0]
        self.pay(membership.balance_invoice_id, amount=first.balance)
        self.assertFalse(self.card("certificate", membership).with_user(self.clerk).can_issue)
        self.assertTrue(self.card("member", membership).with_user(self.clerk).can_issue)

    def test_clerk_cannot_create_a_delivered_card(self):
        """A card starts to issue; its number, dates and the card it replaces are set by the module."""
        Card = self.env["golf.membership.card"].with_user(self.clerk).with_context(golf_state_change=True)
        values = {"membership_id": self.membership.id, "card_type": "member", "partner_id": self.applicant.id}
        for forged in (
            {"state": "delivered"},
            {"state": "issued"},
            {"date_issued": date(2025, 3, 3)},
            {"date_delivered": date(2025, 3, 3)},
            {"number": "C-FORGED"},
            {"replaced_card_id": self.card("member").id},
        ):
            with self.assertRaises(UserError):
                Card.create(dict(values, **forged))
        self.assertEqual(len(self.membership.card_ids), 4)
        # A card made by hand starts to issue, with a number of the sequence.
        card = Card.create(values)
        self.assertEqual(card.state, "to_issue")
        self.assertTrue(card.number.startswith("C"))

    def test_clerk_cannot_write_the_workflow(self):
        """The state and the dates of a card change only through its buttons, whatever the context."""
        member_card = self.card("member")
        for user in (self.clerk, self.finance, self.manager):
            for forged in (
                {"state": "delivered"},
                {"date_issued": date(2025, 3, 3)},
                {"date_delivered": date(2025, 3, 3)},
                {"date_returned": date(2025, 3, 3)},
                {"number": "C-FORGED"},
            ):
                with self.assertRaises(UserError):
                    member_card.with_user(user).with_context(golf_state_change=True).write(forged)
        self.assertEqual(member_card.state, "to_issue")
        self.assertFalse(member_card.date_issued or member_card.date_delivered or member_card.date_returned)
        self.assertNotEqual(member_card.number, "C-FORGED")
        # Once issued, the holder and the type are those of the card made.
        member_card.with_user(self.clerk).action_issue()
        with self.assertRaises(UserError):
            member_card.with_user(self.clerk).write({"partner_id": self.nominee.id})
        self.assertEqual(member_card.partner_id, self.applicant)
