//! Request signing (see `cld_sign::request`): the string to sign streamed into the hasher, then the
//! secret. These are the [`Signer`] methods that take request parameters.

use crate::algorithm::Algorithm;
use crate::hasher::{BlockCore, Sha1State, Sha256State, StreamHasher, hash_with};
use crate::signature::Signature;
use crate::signer::Signer;
use crate::timestamp::Timestamp;

use super::canonical::CanonicalWriter;
use super::signable::{Signable, SignableAt};

impl Signer {
    /// Signs parameters that carry their own timestamp. No allocation.
    #[inline]
    pub fn sign<T: Signable + ?Sized>(&self, params: &T) -> Signature {
        match self.algorithm() {
            Algorithm::Sha1 => self.hash_canonical::<Sha1State>(|w| params.write_params(w)),
            Algorithm::Sha256 => self.hash_canonical::<Sha256State>(|w| params.write_params(w)),
        }
    }

    /// Signs parameters without a timestamp field, with `timestamp` slotted into its
    /// sorted place. No allocation.
    pub fn sign_at<T: SignableAt + ?Sized>(&self, params: &T, timestamp: Timestamp) -> Signature {
        match self.algorithm() {
            Algorithm::Sha1 => {
                self.hash_canonical::<Sha1State>(|w| params.write_params_at(timestamp, w))
            }
            Algorithm::Sha256 => {
                self.hash_canonical::<Sha256State>(|w| params.write_params_at(timestamp, w))
            }
        }
    }

    /// The string to sign (without the secret), to compare with the one in Cloudinary's
    /// `Invalid Signature … String to sign - '…'` error.
    pub fn string_to_sign<T: Signable + ?Sized>(&self, params: &T) -> String {
        let mut text = String::new();
        params.write_params(&mut CanonicalWriter::new(
            &mut text,
            self.signature_version(),
        ));
        text
    }

    /// The string to sign of a [`SignableAt`] with `timestamp`.
    pub fn string_to_sign_at<T: SignableAt + ?Sized>(
        &self,
        params: &T,
        timestamp: Timestamp,
    ) -> String {
        let mut text = String::new();
        params.write_params_at(
            timestamp,
            &mut CanonicalWriter::new(&mut text, self.signature_version()),
        );
        text
    }

    fn hash_canonical<C: BlockCore>(
        &self,
        write: impl FnOnce(&mut CanonicalWriter<'_, StreamHasher<'_, C>>),
    ) -> Signature {
        hash_with::<C>(|hasher| {
            write(&mut CanonicalWriter::new(hasher, self.signature_version()));
            hasher.update(self.secret().expose_secret().as_bytes());
        })
    }
}
