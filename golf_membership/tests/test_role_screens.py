"""Each role's daily work, in the screens, without an error.

A crawler walks, as each role, every menu of the app the web client shows that role and does what the web
client does when the menu is clicked: load the action, its views, the records of its list (or kanban), one
record in its form, and a new record when the screen offers "New". Rights follow the procedures
(club-procedures.md): reading is generous for the staff whose work needs it (R-1.3 finance reviews the fees,
R-4.2 the review committee decides transfers, R-6 finance and member services bill), writing is not; the
member files stay confidential (R-1.10).
"""

import logging
from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil, safe_eval
from odoo.tools.safe_eval import time as safe_time

from .common import GolfMembershipCommon
from .workflow_common import GolfWorkflowCommon

_logger = logging.getLogger(__name__)

ROOT_MENU = "golf_membership.menu_golf_root"
ROLES = ("clerk", "supervisor", "director", "committee", "finance", "manager")
RELATIONAL = ("many2one", "one2many", "many2many")


def field_spec(arch_node, fields):
    """The specification the web client sends for the fields of ``arch_node`` (a view arch): every field of
    the view (not of its embedded sub-views), relational ones with the fields of their embedded list or
    kanban, or their display name."""
    spec = {}
    for node in arch_node.iter("field"):
        if any(ancestor.tag == "field" for ancestor in node.iterancestors()):
            continue
        name = node.get("name")
        field = fields.get(name)
        if not field:
            continue
        if field["type"] in ("one2many", "many2many"):
            sub_fields = {"display_name": {}}
            for sub_view in node:
                if sub_view.tag in ("list", "kanban"):
                    sub_fields |= {
                        sub.get("name"): {} for sub in sub_view.iter("field")
                        if sub.get("name") and not any(a.tag == "field" for a in sub.iterancestors() if a is not node)
                    }
            spec[name] = {"fields": sub_fields}
        elif field["type"] == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def fix_sub_specs(Model, spec):
    """Drop, in the sub-specifications of x2many fields, names the co-model does not have (sub-view
    fields of nested sub-views), so that the specification is a valid one."""
    for name, sub in spec.items():
        field = Model._fields.get(name)
        if field and field.type in ("one2many", "many2many") and "fields" in sub:
            comodel = Model.env[field.comodel_name]
            sub["fields"] = {
                key: ({"fields": {"display_name": {}}} if comodel._fields[key].type in RELATIONAL else {})
                for key in sub["fields"] if key in comodel._fields
            }
    return spec


@tagged("post_install", "-at_install")
class TestRoleScreens(GolfWorkflowCommon):
    """As each role, every visible menu of the app opens without an error, on realistic records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A record of each stateful model, in the states a working club has on any day.
        cls.application = cls.make("golf.membership", "submitted")
        cls.env["golf.membership.document"]._ensure_checklist(cls.application)
        cls.make("golf.membership", "draft")
        cls.make("golf.membership.dependent", "active")
        cls.make("golf.membership.card", "to_issue")
        cls.make("golf.membership.absence", "submitted")
        cls.make("golf.membership.transfer", "submitted")
        cls.make("golf.membership.nominee.change", "submitted")
        cls.make("golf.membership.change.request", "submitted")
        cls.make("golf.membership.violation", "submitted")
        cls.make("golf.prepaid.charge", "draft")
        cls.make("golf.service.request", "new")
        cls.make("golf.service.visit", "planned")
        cls.make("golf.billing.run", "done")
        cls.make("golf.bag.storage", "active")
        cls.make("golf.bag.storage", "expired")
        cls.env["golf.membership.register.report"].create({"year": 2030, "month": "1"})

    # ------------------------------------------------------------------ what the web client does

    def visible_menus(self, user):
        """The menus of the app ``user`` is shown, as the web client loads them: {xmlid or name: menu dict}."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        root = self.env.ref(ROOT_MENU)
        if root.id not in menus:
            return {}
        found, todo = {}, [root.id]
        while todo:
            menu = menus[todo.pop()]
            found[menu["xmlid"] or menu["name"]] = menu
            todo.extend(menu["children"])
        return found

    def eval_context(self, user):
        return {
            "uid": user.id, "user": user, "context_today": lambda: date.today(), "datetime": safe_datetime,
            "time": safe_time, "relativedelta": dateutil.relativedelta.relativedelta,
            "allowed_company_ids": user.company_ids.ids, "current_company_id": user.company_id.id,
            "active_id": False, "active_ids": [], "active_model": False,
        }

    def load_action(self, user, menu):
        """The action dict of ``menu``, as ``/web/action/load`` returns it (server actions run as the user)."""
        action = self.env[menu["action_model"]].browse(menu["action_id"])
        if action._name == "ir.actions.act_window":
            return action.sudo()._get_action_dict()
        if action._name == "ir.actions.server":
            return action.with_user(user).run() or {}
        return action.sudo().read()[0]

    def open_screen(self, user, action):
        """Open ``action`` (a window action dict) as ``user``, as the web client does."""
        eval_ctx = self.eval_context(user)
        context = action.get("context") or {}
        if isinstance(context, str):
            context = safe_eval(context, eval_ctx)
        domain = action.get("domain") or []
        if isinstance(domain, str):
            domain = safe_eval(domain, eval_ctx | {"context": context})
        context = {key: value for key, value in context.items() if not key.startswith("search_default")}
        Model = self.env[action["res_model"]].with_user(user).with_context(
            context, allowed_company_ids=user.company_ids.ids)
        Model.check_access("read")
        views = [tuple(view) for view in action.get("views") or []]
        search_view = action.get("search_view_id")
        search_view = search_view[0] if isinstance(search_view, (list, tuple)) else search_view
        loaded = Model.get_views(views + [(search_view or False, "search")], {"load_filters": True})
        fields = loaded["models"][Model._name]["fields"]
        # The first records of the list, opened one after the other (a single one when the action names it).
        records = Model.browse(action["res_id"]) if action.get("res_id") else Model.search(domain, limit=5)
        for view_type, view in loaded["views"].items():
            # Each call of the web client is a request of its own: nothing is in the cache.
            self.env.invalidate_all()
            arch = etree.fromstring(view["arch"])
            spec = fix_sub_specs(Model, field_spec(arch, fields))
            if view_type in ("list", "kanban"):
                Model.web_search_read(domain, spec, limit=80)
            elif view_type in ("graph", "pivot"):
                groupby = [
                    node.get("name") + (f":{node.get('interval') or 'month'}" if fields[node.get("name")]["type"]
                                        in ("date", "datetime") else "")
                    for node in arch.iter("field")
                    if node.get("type") in ("row", "col") or (view_type == "graph" and node.get("type") != "measure")
                ][:1]
                Model.formatted_read_group(domain, groupby, ["__count"])
            elif view_type == "form":
                for record in records:
                    record.web_read(spec)
                    self.env.invalidate_all()
                may_create = arch.get("create", "1") not in ("0", "false", "False") and context.get("create", True)
                if may_create or action.get("target") == "new":
                    Model.onchange({}, [], spec)
        return loaded

    def crawl(self, user):
        """Open every menu of the app visible to ``user``; return the menus opened and the errors, by menu."""
        errors, opened = {}, []
        for key, menu in self.visible_menus(user).items():
            if not menu["action_id"]:
                continue
            opened.append(key)
            try:
                with self.env.cr.savepoint():
                    action = self.load_action(user, menu)
                    if action.get("type") == "ir.actions.act_window":
                        self.open_screen(user, action)
            except Exception as error:  # noqa: BLE001 - every error of a screen is a failure, reported together
                errors[key] = f"{type(error).__name__}: {error}"
        return opened, errors

    # ------------------------------------------------------------------ the crawl, per role

    def test_every_role_opens_every_visible_menu(self):
        for role in ROLES:
            with self.subTest(role=role):
                opened, errors = self.crawl(self.users[role])
                _logger.info("%s opens %s", role, ", ".join(key.removeprefix("golf_membership.") for key in opened))
                self.assertIn("golf_membership.menu_golf_membership_list", opened)
                self.assertFalse(errors, "\n".join(f"{role} {menu}: {error}" for menu, error in errors.items()))

    def test_no_visible_menu_leads_to_an_unreadable_model(self):
        for role in ROLES:
            user = self.users[role]
            for key, menu in self.visible_menus(user).items():
                if menu["action_model"] != "ir.actions.act_window":
                    continue
                model = self.env["ir.actions.act_window"].browse(menu["action_id"]).res_model
                with self.subTest(role=role, menu=key):
                    try:
                        self.env[model].with_user(user).check_access("read")
                    except AccessError as error:
                        self.fail(f"{role} sees {key} but cannot read {model}: {error}")

    # ------------------------------------------------------------------ explicit expectations

    def menu_names(self, role):
        return set(self.visible_menus(self.users[role]))

    def test_finance_bills(self):
        """R-6.2: finance bills the yearly dues; member services do not run the billing wizard."""
        finance = self.menu_names("finance")
        self.assertIn("golf_membership.menu_golf_billing", finance)
        self.assertIn("golf_membership.menu_golf_billing_wizard", finance)
        self.assertIn("golf_membership.menu_golf_membership_list", finance)
        self.assertIn("golf_membership.menu_golf_membership_analysis", finance)
        self.assertNotIn("golf_membership.menu_golf_register_reports", finance)
        for role in ("clerk", "supervisor", "director", "committee"):
            with self.subTest(role=role):
                self.assertNotIn("golf_membership.menu_golf_billing_wizard", self.menu_names(role))
        action = self.env.ref("golf_membership.golf_billing_run_wizard_action").sudo()._get_action_dict()
        self.open_screen(self.finance, action)

    def test_committee_opens_membership(self):
        """R-4.2: the review committee reads the membership files and the transfers it decides."""
        committee = self.menu_names("committee")
        self.assertIn("golf_membership.menu_golf_membership_list", committee)
        self.assertIn("golf_membership.menu_golf_transfers", committee)
        self.assertIn("golf_membership.menu_golf_membership_analysis", committee)
        action = self.env.ref("golf_membership.golf_membership_action").sudo()._get_action_dict()
        action["res_id"] = self.application.id
        self.open_screen(self.committee, action)
        transfer = self.env["golf.membership.transfer"].search([("state", "=", "submitted")], limit=1)
        action = self.env.ref("golf_membership.golf_membership_transfer_action").sudo()._get_action_dict()
        action["res_id"] = transfer.id
        self.open_screen(self.committee, action)

    def test_finance_opens_application(self):
        """R-1.3: finance reviews the fees of an application while it is examined."""
        action = self.env.ref("golf_membership.golf_membership_action_application").sudo()._get_action_dict()
        action["res_id"] = self.application.id
        self.open_screen(self.finance, action)

    def test_clerk_registers_a_person(self):
        """Member services register a new applicant as a contact (R-1.1)."""
        partner = self.env["res.partner"].with_user(self.clerk).create({"name": "Wang Fang", "phone": "13800000009"})
        self.assertEqual(partner.name, "Wang Fang")
        partner.with_user(self.clerk).write({"email": "wang.fang@example.com"})

    def test_only_management_sees_settings(self):
        for role in ROLES:
            with self.subTest(role=role):
                self.assertEqual(
                    "golf_membership.menu_golf_settings" in self.menu_names(role), role == "manager",
                )


@tagged("post_install", "-at_install")
class TestResponsibleUsers(GolfMembershipCommon):
    """Each role's to-dos go to the user the company names for that role, else to the first user of the role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director_2 = new_test_user(
            cls.env, login="golf_director_2", name="Golf Director Two", groups="golf_membership.group_golf_director",
            company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)],
        )
        cls.review_type = cls.env.ref("golf_membership.mail_act_golf_review")

    def first_user_of(self, group_xmlid):
        """Today's rule when nobody is named: the first internal user of the company holding the group."""
        users = self.env.ref(group_xmlid).all_user_ids.filtered(
            lambda user: self.company in user.company_ids and not user.share and user.active and user.id != 1
        )
        return users.sorted("id")[:1]

    def review_activity(self, membership):
        return membership.activity_ids.filtered(lambda activity: activity.activity_type_id == self.review_type)

    def test_review_goes_to_the_named_director(self):
        self.company.with_user(self.manager).write({"golf_director_user_id": self.director_2.id})
        membership = self.submit(self.create_membership())
        self.assertEqual(self.review_activity(membership).user_id, self.director_2)

    def test_review_goes_to_the_first_director_when_nobody_is_named(self):
        self.assertFalse(self.company.golf_director_user_id)
        membership = self.submit(self.create_membership())
        first = self.first_user_of("golf_membership.group_golf_director")
        self.assertEqual(self.review_activity(membership).user_id, first)
        self.assertNotEqual(first, self.director_2)

    def test_to_do_is_written_in_the_language_of_who_reads_it(self):
        """A clerk working in English submits; the director and finance, who read Chinese, get Chinese to-dos."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["golf_membership"], ["zh_CN"], overwrite=True)
        finance_2 = new_test_user(
            self.env, login="golf_finance_2", groups="golf_membership.group_golf_finance", lang="zh_CN",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
        )
        self.director_2.lang = "zh_CN"
        self.company.with_user(self.manager).write({
            "golf_director_user_id": self.director_2.id, "golf_finance_user_id": finance_2.id,
        })
        self.clerk.lang = "en_US"
        membership = self.submit(self.create_membership())
        notes = {activity.user_id: activity.note for activity in membership.activity_ids}
        self.assertIn("批准、暂缓或拒绝该申请。", notes[self.director_2])
        self.assertIn(f"核实是否已收到 {membership.name} 的定金。", notes[finance_2])

    def test_daily_to_do_is_written_in_the_language_of_who_reads_it(self):
        """The supervisor told of an overdue balance by the daily job reads the to-do in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["golf_membership"], ["zh_CN"], overwrite=True)
        supervisor_2 = new_test_user(
            self.env, login="golf_supervisor_2", groups="golf_membership.group_golf_supervisor", lang="zh_CN",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
        )
        self.company.with_user(self.manager).write({"golf_supervisor_user_id": supervisor_2.id})
        membership = self.approved_membership()
        with freeze_time(membership.date_balance_due + timedelta(days=1)):
            self.env["golf.membership"]._cron_balance_overdue()
        overdue = membership.activity_ids.filtered(lambda activity: activity.user_id == supervisor_2)
        self.assertIn("余款", overdue.note)
        self.assertNotIn("The balance", overdue.note)

    def test_each_role_setting(self):
        """The manager setting answers for the manager group, the supervisor's also for the desk's to-dos."""
        second = {
            role: new_test_user(
                self.env, login=f"golf_{role}_named", groups=f"golf_membership.group_golf_{role}",
                company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
            )
            for role in ("supervisor", "director", "committee", "finance", "manager")
        }
        self.company.with_user(self.manager).write({f"golf_{role}_user_id": user.id for role, user in second.items()})
        for role, user in second.items():
            with self.subTest(role=role):
                self.assertEqual(self.company._golf_responsible_user(f"golf_membership.group_golf_{role}"), user)
        self.assertEqual(self.company._golf_responsible_user("golf_membership.group_golf_clerk"), second["supervisor"])

    def test_named_user_must_hold_the_role_in_the_company(self):
        other_company = self.env["res.company"].create({"name": "Other Golf Club"})
        outsider = new_test_user(
            self.env, login="golf_director_other", groups="golf_membership.group_golf_director",
            company_id=other_company.id, company_ids=[Command.set(other_company.ids)],
        )
        portal = new_test_user(self.env, login="golf_portal_2", groups="base.group_portal")
        for field_name, user in (
            ("golf_director_user_id", self.clerk),
            ("golf_director_user_id", outsider),
            ("golf_director_user_id", portal),
            ("golf_committee_user_id", self.finance),
            ("golf_manager_user_id", self.director),
        ):
            with self.subTest(field=field_name, user=user.login), self.assertRaises(ValidationError):
                self.company.with_user(self.manager).write({field_name: user.id})
        # Club management holds every role: it may be named for any of them.
        self.company.with_user(self.manager).write({"golf_committee_user_id": self.manager.id})
        self.assertEqual(self.company._golf_responsible_user("golf_membership.group_golf_committee"), self.manager)

    def test_named_user_who_left_the_role_falls_back(self):
        self.company.write({"golf_director_user_id": self.director_2.id})
        self.director_2.write({"group_ids": [Command.set(self.env.ref("base.group_user").ids)]})
        self.assertEqual(
            self.company._golf_responsible_user("golf_membership.group_golf_director"),
            self.first_user_of("golf_membership.group_golf_director"),
        )

    def test_settings_screen_names_the_users(self):
        view = self.env.ref("golf_membership.res_company_view_form_golf")
        with Form(self.company.with_user(self.manager), view=view) as form:
            form.golf_director_user_id = self.director_2
            form.golf_finance_user_id = self.finance
        self.assertEqual(self.company.golf_director_user_id, self.director_2)
        self.assertEqual(self.company.golf_finance_user_id, self.finance)
        with self.assertRaises(AccessError):
            self.company.with_user(self.supervisor).write({"golf_director_user_id": self.director.id})
