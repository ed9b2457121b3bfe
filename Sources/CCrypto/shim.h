#ifndef CCRYPTO_SHIM_H
#define CCRYPTO_SHIM_H

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

/// The GCM control codes are macros defined in terms of other macros, which Swift does not import.
static inline int ccrypto_gcm_set_iv_length(void) { return EVP_CTRL_GCM_SET_IVLEN; }
static inline int ccrypto_gcm_get_tag(void) { return EVP_CTRL_GCM_GET_TAG; }
static inline int ccrypto_gcm_set_tag(void) { return EVP_CTRL_GCM_SET_TAG; }

#endif
