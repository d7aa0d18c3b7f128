/* codes.c: see codes.h. One table; NP_ marks each word for xgettext with its set as the
 * context (src/tools/po-update), so "Individual" the price kind and "Individual" the agreement
 * kind can be told apart by the translators. */
#include "polka/codes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"

static const struct code {
    const char *set, *code, *words;
} codes[] = {
    {"price_kind", "base", NP_("price_kind", "Base")},
    {"price_kind", "dependent", NP_("price_kind", "Dependent")},
    {"price_kind", "individual", NP_("price_kind", "Individual")},
    {"rounding", "0.01", NP_("rounding", "to a kopeck")},
    {"rounding", "0.10", NP_("rounding", "to 10 kopecks")},
    {"rounding", "1.00", NP_("rounding", "to a rouble")},
    {"rounding", "0.90", NP_("rounding", "to ,90")},
    {"payment", "prepayment", NP_("payment", "Prepayment")},
    {"payment", "credit", NP_("payment", "Credit")},
    {"payment", "stages", NP_("payment", "In stages")},
    {"partner_kind", "client", NP_("partner_kind", "Client")},
    {"partner_kind", "supplier", NP_("partner_kind", "Supplier")},
    {"partner_kind", "carrier", NP_("partner_kind", "Carrier")},
    {"partner_kind", "competitor", NP_("partner_kind", "Competitor")},
    {"segment", "chain", NP_("segment", "Retail chain")},
    {"segment", "distributor", NP_("segment", "Distributor")},
    {"segment", "horeca", NP_("segment", "HoReCa")},
    {"segment", "shop", NP_("segment", "Shop")},
    {"segment", "other", NP_("segment", "Other")},
    {"contact_role", "director", NP_("contact_role", "Director")},
    {"contact_role", "buyer", NP_("contact_role", "Buyer")},
    {"contact_role", "accountant", NP_("contact_role", "Accountant")},
    {"contact_role", "logistics", NP_("contact_role", "Logistics")},
    {"contact_role", "storekeeper", NP_("contact_role", "Storekeeper")},
    {"contact_role", "quality", NP_("contact_role", "Quality")},
    {"relation_kind", "holding", NP_("relation_kind", "In a holding with")},
    {"relation_kind", "buys_through", NP_("relation_kind", "Buys through")},
    {"relation_kind", "competitor_of", NP_("relation_kind", "Competitor of")},
    {"relation_kind", "carrier_for", NP_("relation_kind", "Carries for")},
    /* agreements and promotions: statuses, states and kinds */
    {"status", "draft", NP_("status", "Draft")},
    {"status", "on_approval", NP_("status", "On approval")},
    {"status", "active", NP_("status", "Active")},
    {"status", "closed", NP_("status", "Closed")},
    {"status", "approved", NP_("status", "Approved")},
    {"status", "ended", NP_("status", "Ended")},
    {"status", "ended_early", NP_("status", "Ended early")},
    {"status", "typical", NP_("status", "Typical")},
    {"status", "individual", NP_("status", "Individual")},
    /* orders */
    {"order_status", "new", NP_("order_status", "New")},
    {"order_status", "confirmed", NP_("order_status", "Confirmed")},
    {"order_status", "partly_confirmed", NP_("order_status", "Partly confirmed")},
    {"order_status", "picking", NP_("order_status", "Being picked")},
    {"order_status", "shipped", NP_("order_status", "Shipped")},
    {"order_status", "closed", NP_("order_status", "Closed")},
    {"order_status", "cancelled", NP_("order_status", "Cancelled")},
    /* why allocation confirmed a line short (order_lines.short_reason) */
    {"short_reason", "no_stock", NP_("short_reason", "Nothing free")},
    {"short_reason", "scarce", NP_("short_reason", "Others first")},
    {"short_reason", "fair_share", NP_("short_reason", "Fair share")},
    {"short_reason", "shelf_life", NP_("short_reason", "Shelf life")},
    {"short_reason", "manual", NP_("short_reason", "Set by the planner")},
    /* trips (trips.status) and why a shipping order is on none (shipping_orders.unplaced) */
    {"trip_status", "planned", NP_("trip_status", "Planned")},
    {"trip_status", "closed", NP_("trip_status", "Closed")}, /* planned, taking no more */
    {"trip_status", "picking", NP_("trip_status", "Picking")},
    {"trip_status", "picked", NP_("trip_status", "Picked")},
    {"trip_status", "documents", NP_("trip_status", "Documents")},
    {"trip_status", "printed", NP_("trip_status", "Printed")},
    {"trip_status", "left", NP_("trip_status", "Left")},
    {"trip_status", "returned", NP_("trip_status", "Documents returned")},
    {"unplaced", "no_route", NP_("unplaced", "No route that day")},
    {"unplaced", "no_trip", NP_("unplaced", "No open trip")},
    {"unplaced", "over_capacity", NP_("unplaced", "Trips full")},
    /* how a line's picking facts differ from its task (polka.waybill_lines) */
    {"pick_difference", "not_picked", NP_("pick_difference", "Not picked")},
    {"pick_difference", "short", NP_("pick_difference", "Short")},
    {"pick_difference", "over", NP_("pick_difference", "Over")},
    {"pick_difference", "batch", NP_("pick_difference", "Another batch")},
    {"pick_difference", "shelf_life", NP_("pick_difference", "Too old")},
    {"document_kind", "upd", NP_("document_kind", "Sales (UPD)")},
    {"document_kind", "tn", NP_("document_kind", "Consignment")},
    {"print_form", "upd", NP_("print_form", "Sales document (UPD)")},
    {"print_form", "tn", NP_("print_form", "Consignment note")},
    {"print_form", "packing_list", NP_("print_form", "Packing list")},
    {"print_form", "quality_cert", NP_("print_form", "Quality certificates")},
    {"print_scope", "point", NP_("print_scope", "Delivery point")},
    {"print_scope", "client", NP_("print_scope", "Client")},
    {"print_scope", "segment", NP_("print_scope", "Segment")},
    {"print_scope", "default", NP_("print_scope", "Default")},
    /* a payment from a bank statement (polka.payments.status) */
    {"payment_status", "unmatched", NP_("payment_status", "To match")},
    {"payment_status", "partly", NP_("payment_status", "Partly")},
    {"payment_status", "matched", NP_("payment_status", "Matched")},
    {"payment_status", "set_aside", NP_("payment_status", "Set aside")},
    /* a notice in the outbox (polka.outbox.status) */
    {"outbox_status", "queued", NP_("outbox_status", "Queued")},
    {"outbox_status", "sending", NP_("outbox_status", "Sending")},
    {"outbox_status", "sent", NP_("outbox_status", "Sent")},
    {"outbox_status", "failed", NP_("outbox_status", "Failed")},
    /* why a client refused goods on a correction, and where they went (polka.correction_lines) */
    {"correction_reason", "damaged", NP_("correction_reason", "Damaged")},
    {"correction_reason", "expired", NP_("correction_reason", "Expired")},
    {"correction_reason", "not_ordered", NP_("correction_reason", "Not ordered")},
    {"correction_reason", "price", NP_("correction_reason", "Price")},
    {"correction_reason", "surplus", NP_("correction_reason", "Surplus")},
    {"correction_disposition", "stock", NP_("correction_disposition", "Back to stock")},
    {"correction_disposition", "write_off", NP_("correction_disposition", "Written off")},
    /* claims (polka.claims, polka.claim_stages) */
    {"claim_kind", "quality", NP_("claim_kind", "Quality")},
    {"claim_kind", "shortfall", NP_("claim_kind", "Shortfall")},
    {"claim_kind", "price", NP_("claim_kind", "Price")},
    {"claim_kind", "delivery", NP_("claim_kind", "Delivery")},
    {"claim_kind", "service", NP_("claim_kind", "Service")},
    {"claim_demand", "return", NP_("claim_demand", "Return")},
    {"claim_demand", "replacement", NP_("claim_demand", "Replacement")},
    {"claim_demand", "discount", NP_("claim_demand", "Discount")},
    {"claim_demand", "compensation", NP_("claim_demand", "Compensation")},
    {"claim_status", "open", NP_("claim_status", "Open")},
    {"claim_status", "approved", NP_("claim_status", "Approved")},
    {"claim_status", "rejected", NP_("claim_status", "Rejected")},
    {"claim_status", "closed", NP_("claim_status", "Closed")},
    {"claim_resolution", "full", NP_("claim_resolution", "Satisfied in full")},
    {"claim_resolution", "partial", NP_("claim_resolution", "Satisfied in part")},
    {"claim_resolution", "rejected", NP_("claim_resolution", "Rejected")},
    {"claim_disposition", "stock", NP_("claim_disposition", "Back to stock")},
    {"claim_disposition", "write_off", NP_("claim_disposition", "Write off")},
    /* a client's history (polka.client_history): what, and its state as what:status */
    {"history_what", "order", NP_("history_what", "Order")},
    {"history_what", "document", NP_("history_what", "Document")},
    {"history_what", "correction", NP_("history_what", "Correction")},
    {"history_what", "claim", NP_("history_what", "Claim")},
    {"history_what", "call", NP_("history_what", "Claim call")},
    {"history_what", "payment", NP_("history_what", "Payment")},
    {"history_state", "order:new", NP_("history_state", "New")},
    {"history_state", "order:confirmed", NP_("history_state", "Confirmed")},
    {"history_state", "order:partly_confirmed", NP_("history_state", "Partly confirmed")},
    {"history_state", "order:picking", NP_("history_state", "Being picked")},
    {"history_state", "order:shipped", NP_("history_state", "Shipped")},
    {"history_state", "order:closed", NP_("history_state", "Closed")},
    {"history_state", "order:cancelled", NP_("history_state", "Cancelled")},
    {"history_state", "document:live", NP_("history_state", "Issued")},
    {"history_state", "document:corrected", NP_("history_state", "Corrected")},
    {"history_state", "document:cancelled", NP_("history_state", "Cancelled")},
    {"history_state", "correction:live", NP_("history_state", "Made")},
    {"history_state", "correction:reversed", NP_("history_state", "Reversed")},
    {"history_state", "claim:open", NP_("history_state", "Open")},
    {"history_state", "claim:approved", NP_("history_state", "Approved")},
    {"history_state", "claim:rejected", NP_("history_state", "Rejected")},
    {"history_state", "claim:closed", NP_("history_state", "Settled")},
    {"history_state", "call:counted", NP_("history_state", "Counted")},
    {"history_state", "payment:allocated", NP_("history_state", "Allocated")},
    {"history_state", "payment:partial", NP_("history_state", "Partly allocated")},
    {"history_state", "payment:open", NP_("history_state", "Not allocated")},
    {"stage_state", "done", NP_("stage_state", "Done")},
    {"stage_state", "current", NP_("stage_state", "Current")},
    {"stage_state", "next", NP_("stage_state", "Next")},
    /* what an incoming order needs a person for (polka.intake_orders.problems) */
    {"intake_problem", "buyer", NP_("intake_problem", "Unknown buyer GLN")},
    {"intake_problem", "point", NP_("intake_problem", "Unknown delivery point GLN")},
    {"intake_problem", "date", NP_("intake_problem", "Delivery date not in the schedule")},
    {"intake_problem", "agreement", NP_("intake_problem", "No agreement in force")},
    {"intake_problem", "product", NP_("intake_problem", "Unknown product (GTIN or article)")},
    {"intake_problem", "inactive", NP_("intake_problem", "Product no longer sold")},
    {"intake_problem", "twice", NP_("intake_problem", "Product on two lines")},
    {"intake_problem", "qty", NP_("intake_problem", "Quantity not possible")},
    {"intake_problem", "pack", NP_("intake_problem", "Not in whole packs")},
    {"intake_problem", "no_price", NP_("intake_problem", "No price on the day")},
    {"intake_problem", "assortment", NP_("intake_problem", "Outside the assortment")},
    {"intake_problem", "price", NP_("intake_problem", "Price differs")},
    /* an incoming order's state and channel (polka.intake_orders) */
    {"intake_state", "received", NP_("intake_state", "Received")},
    {"intake_state", "accepted", NP_("intake_state", "Accepted")},
    {"intake_state", "attention", NP_("intake_state", "Needs attention")},
    {"intake_state", "refused", NP_("intake_state", "Refused")},
    {"intake_channel", "edi", NP_("intake_channel", "EDI")},
    {"intake_channel", "excel", NP_("intake_channel", "Excel")},
    /* a file of the EDI exchange (polka.edi_files) */
    {"edi_direction", "in", NP_("edi_direction", "In")},
    {"edi_direction", "out", NP_("edi_direction", "Out")},
    {"edi_state", "done", NP_("edi_state", "Done")},
    {"edi_state", "partly", NP_("edi_state", "In part")},
    {"edi_state", "failed", NP_("edi_state", "Failed")},
    /* done, of a file that went out (edi_file_list) */
    {"edi_state", "sent", NP_("edi_state", "Sent")},
    /* a person's inbox (polka.inbox.kind) */
    {"inbox_kind", "overdue", NP_("inbox_kind", "Stage overdue")},
    {"inbox_kind", "assigned", NP_("inbox_kind", "Given to you")},
    /* a representative's tasks at an outlet, a visit's state, a task's result (schema 033) */
    {"rep_task", "order", NP_("rep_task", "Take an order")},
    {"rep_task", "shelf", NP_("rep_task", "Check the shelf")},
    {"rep_task", "payment", NP_("rep_task", "Collect a payment")},
    {"rep_task", "photo", NP_("rep_task", "Take a photo")},
    {"rep_task", "note", NP_("rep_task", "Task")},
    {"visit_state", "planned", NP_("visit_state", "Planned")},
    {"visit_state", "started", NP_("visit_state", "At the outlet")},
    {"visit_state", "done", NP_("visit_state", "Visited")},
    {"visit_state", "closed", NP_("visit_state", "Closed")},
    {"task_result", "done", NP_("task_result", "Done")},
    {"task_result", "not_done", NP_("task_result", "Not done")},
    /* the roles a claim route's stage may go to (polka.route_stages.owner_role) */
    {"role", "operator", NP_("role", "Operator")},
    {"role", "waybill_clerk", NP_("role", "Waybill clerk")},
    {"role", "manager", NP_("role", "Manager")},
    {"role", "quality", NP_("role", "Quality")},
    {"role", "planner", NP_("role", "Planner")},
    {"role", "head", NP_("role", "Head")},
    {"role", "admin", NP_("role", "Administrator")},
};

bool code_set_known(const char *set)
{
    for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
        if (str_eq(codes[i].set, set))
            return true;
    return false;
}

const char *code_label(const char *set, const char *code)
{
    for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
        if (str_eq(codes[i].set, set) && str_eq(codes[i].code, code))
            return i18n_pgettext(codes[i].set, codes[i].words);
    return code ? code : "";
}

size_t code_set_find(const char *set, const char *query, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < ARRAY_SIZE(codes) && n < max; i++) {
        const struct code *c = &codes[i];
        if (!str_eq(c->set, set))
            continue;
        if (str_empty(query) || str_eq(c->code, query) ||
            text_contains_ci(i18n_pgettext(c->set, c->words), query))
            out[n++] = c->code;
    }
    return n;
}
