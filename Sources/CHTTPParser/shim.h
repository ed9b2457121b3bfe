#ifndef CHTTPPARSER_SHIM_H
#define CHTTPPARSER_SHIM_H

#include <http_parser.h>

/* HTTP_PARSER_ERRNO is a function-like macro, which Swift cannot import. */
static inline enum http_errno chttp_parser_errno(const http_parser *parser) {
    return HTTP_PARSER_ERRNO(parser);
}

/* The request method as the library spells it ("GET", "PATCH", ...). */
static inline const char *chttp_parser_method_name(const http_parser *parser) {
    return http_method_str((enum http_method) parser->method);
}

static inline int chttp_parser_is_chunked(const http_parser *parser) {
    return (parser->flags & F_CHUNKED) != 0;
}

static inline int chttp_parser_has_content_length(const http_parser *parser) {
    return (parser->flags & F_CONTENTLENGTH) != 0;
}

static inline int chttp_parser_is_upgrade(const http_parser *parser) {
    return parser->upgrade != 0;
}

#endif
