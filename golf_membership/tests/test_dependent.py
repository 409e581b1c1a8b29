from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import GolfMembershipCommon

SPOUSE_DOCUMENTS = {"dependent_application", "photos", "id_copy", "marriage_certificate"}
CHILD_DOCUMENTS = {"dependent_application", "id_copy"}


@tagged("post_install", "-at_install")
class TestGolfMembershipDependent(GolfMembershipCommon):
    """R-7: spouse and children of a member hold dependent cards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.spouse = Partner.create({"name": "Wang Fang"})
        cls.spouse_2 = Partner.create({"name": "Chen Jing"})
        cls.child = Partner.create({"name": "Zhang Xiaoming"})

    def setUp(self):
        super().setUp()
        # Monday 3 March 2025: the dependents are filed and approved on that day.
        self.enterContext(freeze_time("2025-03-03"))
        self.membership = self.approved_membership()

    def add_dependent(self, partner=None, relation="spouse", **values):
        values.update({
            "membership_id": self.membership.id,
            "partner_id": (partner or (self.spouse if relation == "spouse" else self.child)).id,
            "relation": relation,
        })
        return self.env["golf.membership.dependent"].with_user(self.clerk).create(values)

    def submitted_dependent(self, **values):
        dependent = self.add_dependent(**values)
        dependent.with_user(self.clerk).action_submit()
        return dependent

    def ready_dependent(self, **values):
        """Submitted, documents received and reviewed by the marketing director."""
        dependent = self.submitted_dependent(**values)
        dependent.document_ids.with_user(self.clerk).write({"received": True})
        dependent.with_user(self.director).action_review()
        return dependent

    # ------------------------------------------------------------------ who may be a dependent

    def test_child_age_limits(self):
        """R-7.1: children aged 4 to 18 on the application date."""
        with self.assertRaises(ValidationError):
            self.add_dependent(relation="child", birthdate=date(2021, 3, 4))  # 3 on 2025-03-03
        with self.assertRaises(ValidationError):
            self.add_dependent(relation="child", birthdate=date(2006, 3, 3))  # 19 on 2025-03-03
        four = self.add_dependent(relation="child", birthdate=date(2021, 3, 3))
        self.assertEqual(four.age, 4)
        eighteen = self.add_dependent(
            partner=self.env["res.partner"].create({"name": "Zhang Xiaohong"}),
            relation="child", birthdate=date(2006, 3, 4),
        )
        self.assertEqual(eighteen.age, 18)

    def test_child_age_on_application_date(self):
        """R-7.1: the age counts on the application date, not today."""
        child = self.add_dependent(relation="child", birthdate=date(2006, 3, 3), date_application=date(2025, 3, 2))
        self.assertEqual(child.age, 18)

    def test_child_needs_birthdate(self):
        with self.assertRaises(ValidationError):
            self.add_dependent(relation="child")

    def test_married_child_refused(self):
        """R-7.1: only unmarried children."""
        with self.assertRaises(ValidationError):
            self.add_dependent(relation="child", birthdate=date(2008, 1, 1), married=True)
        child = self.add_dependent(relation="child", birthdate=date(2008, 1, 1))
        with self.assertRaises(ValidationError):
            child.with_user(self.clerk).married = True

    def test_one_spouse(self):
        """R-7.1: one lawful spouse per membership; a cancelled spouse card makes room for a new one."""
        first = self.add_dependent()
        with self.assertRaises(ValidationError):
            self.add_dependent(partner=self.spouse_2)
        first.with_user(self.supervisor).action_cancel()
        self.assertEqual(first.state, "cancelled")
        second = self.add_dependent(partner=self.spouse_2)
        self.assertEqual(self.membership.dependent_ids.filtered(lambda d: d.state != "cancelled"), second)

    def test_member_is_not_own_dependent(self):
        with self.assertRaises(ValidationError):
            self.add_dependent(partner=self.applicant)

    # ------------------------------------------------------------------ application and documents

    def test_submit_adds_documents_per_relation(self):
        """R-7.2: spouse: application, photos, ID, marriage certificate; child: application and ID."""
        spouse = self.submitted_dependent()
        child = self.submitted_dependent(relation="child", birthdate=date(2015, 6, 1))
        self.assertEqual(spouse.state, "submitted")
        self.assertEqual(set(spouse.document_ids.mapped("code")), SPOUSE_DOCUMENTS)
        self.assertEqual(set(child.document_ids.mapped("code")), CHILD_DOCUMENTS)
        self.assertTrue(all(doc.required and not doc.received for doc in spouse.document_ids | child.document_ids))
        self.assertEqual((spouse.document_ids | child.document_ids).membership_id, self.membership)
        # The director is asked to review.
        review = spouse.activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("golf_membership.mail_act_golf_review")
        )
        self.assertEqual(len(review), 1)
        self.assertTrue(review.user_id.has_group("golf_membership.group_golf_director"))

    def test_document_received_date(self):
        dependent = self.submitted_dependent()
        document = dependent.document_ids.filtered(lambda d: d.code == "marriage_certificate")
        document.with_user(self.clerk).write({"received": True})
        self.assertEqual(document.date_received, date(2025, 3, 3))
        document.with_user(self.clerk).write({"received": False})
        self.assertFalse(document.date_received, "Unticked by mistake: no receipt date is kept")

    def test_clerk_submits(self):
        dependent = self.add_dependent()
        with self.assertRaises(AccessError):
            dependent.with_user(self.finance).action_submit()
        self.assertEqual(dependent.state, "draft")

    # ------------------------------------------------------------------ review and approval

    def test_review_then_approve(self):
        """R-7.3 / R-7.4: director reviews, management approves; card due after 5 working days;
        six-month minimum term."""
        dependent = self.submitted_dependent()
        dependent.document_ids.with_user(self.clerk).write({"received": True})

        with self.assertRaisesRegex(UserError, "review"):
            dependent.with_user(self.manager).action_approve()
        with self.assertRaises(AccessError):
            dependent.with_user(self.clerk).action_review()
        self.assertFalse(dependent.date_reviewed)

        dependent.with_user(self.director).action_review()
        self.assertEqual(dependent.date_reviewed, date(2025, 3, 3))
        self.assertEqual(dependent.reviewer_id, self.director)
        self.assertEqual(dependent.state, "submitted")

        with self.assertRaises(AccessError):
            dependent.with_user(self.clerk).action_approve()
        with self.assertRaises(AccessError):
            dependent.with_user(self.director).action_approve()
        self.assertEqual(dependent.state, "submitted")

        dependent.with_user(self.manager).action_approve()
        self.assertEqual(dependent.state, "active")
        self.assertEqual(dependent.date_start, date(2025, 3, 3))
        self.assertEqual(dependent.date_min_end, date(2025, 9, 3))
        card = dependent.card_ids
        self.assertEqual(len(card), 1)
        self.assertEqual(card.card_type, "dependent")
        self.assertEqual(card.state, "to_issue")
        self.assertEqual(card.partner_id, self.spouse)
        self.assertEqual(card.membership_id, self.membership)
        # Monday 3 March + 5 working days (Tue, Wed, Thu, Fri, Mon) on the company calendar.
        self.assertEqual(card.date_due, date(2025, 3, 10))
        self.assertFalse(dependent.activity_ids, "The review activities are done")

    def test_dependent_card_days_skip_public_holidays(self):
        """R-7.3: the 5 days are working days of the company calendar: a public holiday does not count."""
        self.env["resource.calendar.leaves"].create({
            "name": "Qingming",
            "calendar_id": self.company.resource_calendar_id.id,
            "date_from": "2025-03-05 00:00:00",
            "date_to": "2025-03-05 23:59:59",
        })
        dependent = self.ready_dependent()
        dependent.with_user(self.manager).action_approve()
        self.assertEqual(dependent.card_ids.date_due, date(2025, 3, 11))

    def test_approve_refused_with_missing_documents(self):
        """R-7.3: a document unticked after the review (found missing) stops the approval."""
        dependent = self.ready_dependent()
        dependent.document_ids[:1].with_user(self.clerk).write({"received": False})
        with self.assertRaisesRegex(UserError, "Documents missing"):
            dependent.with_user(self.manager).action_approve()
        self.assertEqual(dependent.state, "submitted")
        self.assertFalse(dependent.card_ids)

    # ------------------------------------------------------------------ minimum term

    def test_cancel_after_minimum_term(self):
        """R-7.4: an active dependent card is held for at least six months."""
        dependent = self.ready_dependent()
        dependent.with_user(self.manager).action_approve()
        card = dependent.card_ids

        with freeze_time("2025-09-02"), self.assertRaisesRegex(UserError, "held until"):
            dependent.with_user(self.supervisor).action_cancel()
        self.assertEqual(dependent.state, "active")
        self.assertEqual(card.state, "to_issue")

        with freeze_time("2025-09-03"):
            dependent.with_user(self.supervisor).action_cancel()
        self.assertEqual(dependent.state, "cancelled")
        self.assertEqual(dependent.date_end, date(2025, 9, 3))
        self.assertEqual(card.state, "cancelled")

    def test_clerk_cannot_cancel(self):
        dependent = self.add_dependent()
        with self.assertRaises(AccessError):
            dependent.with_user(self.clerk).action_cancel()
        self.assertEqual(dependent.state, "draft")

    # ------------------------------------------------------------------ no way around the approvals

    def test_review_refused_with_missing_document(self):
        """R-7.3: the director signs a complete file only: the review is refused while a required document
        of the dependent is missing, and the button is shown to the director once it is complete."""
        dependent = self.submitted_dependent()
        dependent.document_ids[1:].with_user(self.clerk).write({"received": True})
        self.assertFalse(dependent.with_user(self.director).can_review)
        with self.assertRaisesRegex(UserError, "Documents missing"):
            dependent.with_user(self.director).action_review()
        self.assertFalse(dependent.date_reviewed)
        self.assertFalse(dependent.reviewer_id)

        dependent.document_ids[:1].with_user(self.clerk).write({"received": True})
        dependent.with_user(self.director).action_review()
        self.assertEqual(dependent.reviewer_id, self.director)
        with self.assertRaisesRegex(UserError, "already reviewed"):
            dependent.with_user(self.director).action_review()

    def test_buttons_follow_the_groups(self):
        """R-7.2 / R-7.3: each button is shown exactly to the group that may press it."""
        dependent = self.add_dependent()

        def allowed(field):
            return {key for key, user in self.users.items() if dependent.with_user(user)[field]}

        self.assertEqual(allowed("can_submit"), {"clerk", "supervisor", "director", "manager"})
        self.assertEqual(allowed("can_cancel"), {"supervisor", "director", "manager"})
        self.assertEqual(allowed("can_review"), set())
        dependent.with_user(self.clerk).action_submit()
        dependent.document_ids.with_user(self.clerk).write({"received": True})
        self.assertEqual(allowed("can_submit"), set())
        self.assertEqual(allowed("can_review"), {"director", "manager"})
        self.assertEqual(allowed("can_approve"), set(), "Not reviewed yet")
        dependent.with_user(self.director).action_review()
        self.assertEqual(allowed("can_review"), set())
        self.assertEqual(allowed("can_approve"), {"manager"})

    def test_clerk_cannot_create_an_active_dependent(self):
        """R-7.3: a dependent starts as a draft; its decisions are set by the actions only."""
        Dependent = self.env["golf.membership.dependent"].with_user(self.clerk)
        values = {"membership_id": self.membership.id, "partner_id": self.spouse.id, "relation": "spouse"}
        for forged in ({"state": "active"}, {"date_reviewed": date(2025, 3, 3)}, {"date_start": date(2025, 3, 3)}):
            with self.assertRaises(UserError):
                Dependent.with_context(golf_state_change=True).create(dict(values, **forged))
        self.assertFalse(self.membership.dependent_ids)

    def test_clerk_cannot_write_the_workflow(self):
        """R-7.3: neither the state nor the review is written by hand, whatever the context."""
        dependent = self.submitted_dependent()
        dependent.document_ids.with_user(self.clerk).write({"received": True})
        forged_values = (
            {"state": "active"},
            {"date_reviewed": date(2025, 3, 3)},
            {"reviewer_id": self.director.id},
            {"date_min_end": date(2025, 3, 4)},
        )
        for user in (self.clerk, self.manager):
            for forged in forged_values:
                with self.assertRaises(UserError):
                    dependent.with_user(user).with_context(golf_state_change=True).write(forged)
        self.assertEqual(dependent.state, "submitted")
        self.assertFalse(dependent.date_reviewed or dependent.reviewer_id or dependent.date_min_end)
        self.assertFalse(dependent.card_ids)

    def test_reviewed_application_is_locked(self):
        """R-7.1 / R-7.3: what the director reviews (who, relation, age) no longer changes once submitted."""
        child = self.submitted_dependent(relation="child", birthdate=date(2015, 6, 1))
        for values in ({"birthdate": date(2014, 6, 1)}, {"married": True}, {"relation": "spouse"},
                       {"partner_id": self.spouse_2.id}):
            with self.assertRaises(UserError):
                child.with_user(self.clerk).write(values)
        self.assertEqual((child.birthdate, child.relation, child.partner_id), (date(2015, 6, 1), "child", self.child))

    # ------------------------------------------------------------------ checklist of a submitted file

    def test_checklist_locked_once_submitted(self):
        """R-1.1: once the file is submitted its lines stay on it and stay required; ticking stays possible."""
        membership_line = self.membership.document_ids.filtered(lambda d: d.code == "id_copy")
        dependent_line = self.submitted_dependent().document_ids.filtered(lambda d: d.code == "marriage_certificate")
        other = self.create_membership(partner_id=self.env["res.partner"].create({"name": "Liu Yang"}).id)
        for line in membership_line | dependent_line:
            with self.assertRaisesRegex(UserError, "no longer be deleted"):
                line.with_user(self.clerk).unlink()
            with self.assertRaisesRegex(UserError, "optional"):
                line.with_user(self.clerk).write({"required": False})
            with self.assertRaisesRegex(UserError, "moved"):
                line.with_user(self.manager).write({"membership_id": other.id, "dependent_id": False})
            line.with_user(self.clerk).write({"received": False})
            line.with_user(self.clerk).write({"received": True, "note": "Checked again"})
            self.assertTrue(line.exists() and line.required and line.received)
        # Hand-added lines may still be added, optional or not; the superuser (a migration) may change all.
        extra = self.env["golf.membership.document"].with_user(self.clerk).create({
            "membership_id": self.membership.id, "name": "Company licence", "required": False,
        })
        self.assertFalse(extra.required)
        membership_line.sudo().required = False
        self.assertFalse(membership_line.required)

    def test_checklist_screen_of_a_submitted_file(self):
        """R-1.1: the membership form shows what the server enforces: a required line of a submitted file
        cannot be made optional there, nor deleted; an optional line can still be made required."""
        self.membership.document_ids.filtered(lambda d: d.code == "photos").sudo().required = False
        form = Form(self.membership.with_user(self.clerk))
        node = form._view["tree"].xpath("//field[@name='document_ids']")[0]
        self.assertEqual(safe_eval(node.get("options"))["delete"], [("state", "in", ["draft", "deferred"])])
        codes = self.membership.document_ids.mapped("code")
        with form.document_ids.edit(codes.index("id_copy")) as line:
            with self.assertRaisesRegex(AssertionError, "readonly"):
                line.required = False
            line.received = True
        with form.document_ids.edit(codes.index("photos")) as line:
            self.assertEqual((line.code, line.required), ("photos", False))
            line.required = True
        form.save()
        self.assertTrue(self.membership.document_ids.filtered(lambda d: d.code == "photos").required)

    def test_checklist_open_while_deferred(self):
        """R-1.1 / R-1.3: a deferred application is put together again: its checklist can be corrected."""
        membership = self.submitted_membership(partner_id=self.env["res.partner"].create({"name": "Liu Yang"}).id)
        line = membership.document_ids.filtered(lambda d: d.code == "photos")
        with self.assertRaises(UserError):
            line.with_user(self.clerk).write({"required": False})
        membership.with_user(self.director).action_defer()
        line.with_user(self.clerk).write({"required": False})
        self.assertFalse(line.required)
        line.with_user(self.clerk).unlink()
        self.assertFalse(line.exists())
