/* entente/analysis.h — guarantees, proposals, sequencing, analyze (placeholder: filled by the analysis engine). */
#ifndef ENTENTE_ANALYSIS_H
#define ENTENTE_ANALYSIS_H
#include "entente/core.h"
#include "entente/scenario.h"
#endif
