/* domain.h: what screens ask of the database, as functions over records and documents, one
 * header per module (include/polka/domain/, each for src/domain/NAME.c). Uses db.h only;
 * every call is one polka.* SQL function with parameters. */
#ifndef POLKA_DOMAIN_H
#define POLKA_DOMAIN_H

#include "polka/domain/agreement.h"
#include "polka/domain/bank.h"
#include "polka/domain/claims.h"
#include "polka/domain/corrections.h"
#include "polka/domain/allocation.h"
#include "polka/domain/demo.h"
#include "polka/domain/documents.h"
#include "polka/domain/edi.h"
#include "polka/domain/excel.h"
#include "polka/domain/finance.h"
#include "polka/domain/folder.h"
#include "polka/domain/history.h"
#include "polka/domain/kb.h"
#include "polka/domain/inbox.h"
#include "polka/domain/intake.h"
#include "polka/domain/lookup.h"
#include "polka/domain/notices.h"
#include "polka/domain/order.h"
#include "polka/domain/partner.h"
#include "polka/domain/people.h"
#include "polka/domain/pricing.h"
#include "polka/domain/printing.h"
#include "polka/domain/promotion.h"
#include "polka/domain/reps.h"
#include "polka/domain/returns.h"
#include "polka/domain/rows.h"
#include "polka/domain/session.h"
#include "polka/domain/shipping.h"
#include "polka/domain/wms.h"

#endif
