//! WebCrypto, as workerd exposes it: random bytes and PBKDF2. The primitives
//! live here, below every other module, so that the request context (which
//! needs random request ids) and the accounts service (which derives
//! passwords) both use them without depending on each other.

use commons_domain::accounts::password::HASH_LEN;
use commons_domain::ApiError;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::error::internal;

fn crypto() -> web_sys::Crypto {
    // workerd exposes `crypto` on the global scope like a browser does.
    js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .map(|c| c.unchecked_into::<web_sys::Crypto>())
        .unwrap_or_else(|_| js_sys::Object::new().unchecked_into())
}

/// `N` cryptographically random bytes, or an error when the platform's
/// generator refuses. Never a silent fallback: these bytes become session,
/// device and feed tokens and password salts, and a zero-filled token would be
/// the same for everyone.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    filled(|b| crypto().get_random_values_with_u8_array(b).map(|_| ()).map_err(|e| format!("{e:?}")))
}

/// `N` bytes from `fill`, or an error when `fill` fails: the buffer of a
/// failed fill is dropped, never returned (it would be all zeros).
fn filled<const N: usize>(fill: impl FnOnce(&mut [u8]) -> Result<(), String>) -> Result<[u8; N], ApiError> {
    let mut b = [0u8; N];
    fill(&mut b).map_err(|e| internal(format!("getRandomValues: {e}")))?;
    Ok(b)
}

/// `N` random bytes as lower-case hex: ids and secret tokens.
pub fn random_hex<const N: usize>() -> Result<String, ApiError> {
    random_bytes::<N>().map(hex::encode)
}

/// PBKDF2-SHA256 of `password` with `salt`, `iterations` rounds, through WebCrypto.
pub async fn pbkdf2(password: &str, salt: &[u8], iterations: u32) -> Result<Vec<u8>, ApiError> {
    let subtle = crypto().subtle();
    let usages = Array::of1(&"deriveBits".into());
    let key_data = Uint8Array::from(password.as_bytes());
    let key = JsFuture::from(subtle.import_key_with_str("raw", &key_data, "PBKDF2", false, &usages).map_err(js_err)?)
        .await
        .map_err(js_err)?;
    let params = web_sys::Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
    let bits = JsFuture::from(
        subtle.derive_bits_with_object(&params, &key.unchecked_into(), (HASH_LEN * 8) as u32).map_err(js_err)?,
    )
    .await
    .map_err(js_err)?;
    Ok(Uint8Array::new(&bits).to_vec())
}

fn js_err(v: wasm_bindgen::JsValue) -> ApiError {
    internal(format!("webcrypto: {v:?}"))
}

#[cfg(test)]
mod tests {
    use super::filled;
    use commons_domain::ErrorKind;

    #[test]
    fn a_failing_generator_is_an_internal_error_never_zeros() {
        // workerd's getRandomValues throws (QuotaExceededError, or no entropy):
        // the token must not come back as 32 zero bytes.
        let r = filled::<32>(|_| Err("QuotaExceededError".into()));
        assert_eq!(r.map_err(|e| e.kind), Err(ErrorKind::Internal));
    }

    #[test]
    fn a_working_generator_fills_every_byte() {
        let r = filled::<4>(|b| {
            b.fill(7);
            Ok(())
        });
        assert_eq!(r, Ok([7; 4]));
    }
}
