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

/// Initialises libcrypto without reading the system's openssl.cnf: the service uses AES-GCM, SHA-256 and the
/// random generator only, and the configuration file pulls in providers and engines it never needs.
static inline int ccrypto_initialize(void) {
    return OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
}

#endif
