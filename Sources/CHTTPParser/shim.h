#ifndef CHTTPPARSER_SHIM_H
#define CHTTPPARSER_SHIM_H

#include <http_parser.h>

#endif
