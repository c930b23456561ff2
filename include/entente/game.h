/* entente/game.h — decision rules and voting power (placeholder: filled by the game engine). */
#ifndef ENTENTE_GAME_H
#define ENTENTE_GAME_H
#include "entente/core.h"
#include "entente/scenario.h"
#endif
