//! A `tower::Layer` that verifies notifications before the inner service runs (feature
//! `tower`).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, Request, Response, StatusCode};
use http_body::Body;
use http_body_util::{BodyExt, Either, Full, LengthLimitError, Limited};
use tower_layer::Layer;
use tower_service::Service;

use super::state::{NotificationError, NotificationState, header_pair};
use crate::timestamp::Timestamp;

/// The request body the inner service gets: the verified bytes, exactly as received.
pub type VerifiedBody = Full<Bytes>;

/// A [`tower_layer::Layer`] that verifies Cloudinary notifications before any inner service
/// runs: axum routers and handlers, tonic and hyper services, anything that is a
/// `tower::Service<http::Request<_>>`.
///
/// For each request it reads the `X-Cld-Timestamp` and `X-Cld-Signature` headers and the
/// whole body (up to the state's [`body_limit`](NotificationState::body_limit)) and checks
/// them with the [`NotificationState`]. A verified request goes to the inner service with
/// its body as [`VerifiedBody`] (the exact bytes) and the verified [`Timestamp`] in its
/// extensions. Anything else never reaches the inner service: it is answered with the
/// statuses of [`NotificationError`] (400 `missing_header`, 413 `payload_too_large`, 400
/// `unreadable_body`, 400 `not_json_object` for a body that is not a JSON object, checked
/// before the signature; 401 for a malformed header, mismatch, expired or from the future,
/// and 401 `unsupported_auth_scheme` for a notification with only `X-Cld-Signature_v2`),
/// with the JSON body `{"error", "message"}`.
///
/// ```
/// use cld_sign::notification::{VerifiedBody, NotificationLayer, NotificationState, NotificationVerifier};
/// use cld_sign::{ApiSecret, Signer};
/// use tower::{Layer, service_fn};
///
/// let verifier = NotificationVerifier::new(Signer::new(ApiSecret::new("abcd")?));
/// let layer = NotificationLayer::new(NotificationState::new(verifier));
/// // Only verified notifications reach the inner service (an axum `Router` works the
/// // same way, with `.route_layer(layer)`).
/// let service = layer.layer(service_fn(|request: http::Request<VerifiedBody>| async move {
///     Ok::<_, std::convert::Infallible>(http::Response::new(request.into_body()))
/// }));
/// # let _ = service;
/// # Ok::<(), cld_sign::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct NotificationLayer {
    state: NotificationState,
}

impl NotificationLayer {
    /// Verifies with `state`.
    pub fn new(state: impl Into<NotificationState>) -> Self {
        Self {
            state: state.into(),
        }
    }
}

impl<S> Layer<S> for NotificationLayer {
    type Service = NotificationService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        NotificationService {
            inner,
            state: self.state.clone(),
        }
    }
}

/// The service of [`NotificationLayer`].
#[derive(Clone, Debug)]
pub struct NotificationService<S> {
    inner: S,
    state: NotificationState,
}

impl<S, B, ResBody> Service<Request<B>> for NotificationService<S>
where
    S: Service<Request<VerifiedBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    type Response = Response<Either<ResBody, Full<Bytes>>>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // The clone that was driven to readiness serves this request (tower's convention).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let state = self.state.clone();
        Box::pin(async move {
            match verify(&state, request).await {
                Ok(verified) => inner
                    .call(verified)
                    .await
                    .map(|response| response.map(Either::Left)),
                Err(rejection) => Ok(rejection_response(&rejection).map(Either::Right)),
            }
        })
    }
}

/// Reads and verifies `request`; the verified request with the exact bytes.
async fn verify<B>(
    state: &NotificationState,
    request: Request<B>,
) -> Result<Request<VerifiedBody>, NotificationError>
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let (timestamp, signature) =
        header_pair(|name| request.headers().get(name).map(HeaderValue::as_bytes))?;
    let (mut parts, body) = request.into_parts();
    let limit = state.body_limit();
    let raw = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) if err.is::<LengthLimitError>() => {
            return Err(NotificationError::PayloadTooLarge { limit: Some(limit) });
        }
        Err(err) => {
            return Err(NotificationError::UnreadableBody {
                reason: err.to_string(),
            });
        }
    };
    let timestamp: Timestamp = state.check(&timestamp, &signature, &raw)?;
    parts.extensions.insert(timestamp);
    Ok(Request::from_parts(parts, Full::new(raw)))
}

fn rejection_response(rejection: &NotificationError) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(rejection.json_body())));
    *response.status_mut() =
        StatusCode::from_u16(rejection.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use std::future::{Future, Ready, ready};
    use std::task::{Context, Poll, Waker};

    use http::{Request, Response};
    use http_body_util::Full;
    use tower_layer::Layer;
    use tower_service::Service;

    use super::{NotificationLayer, VerifiedBody};
    use crate::{ApiSecret, Signer, notification::NotificationVerifier};

    /// An inner service that is ready only when told.
    #[derive(Clone)]
    struct Gate {
        ready: bool,
    }

    impl Service<Request<VerifiedBody>> for Gate {
        type Response = Response<Full<bytes::Bytes>>;
        type Error = std::convert::Infallible;
        type Future = Ready<Result<Self::Response, Self::Error>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            if self.ready {
                Poll::Ready(Ok(()))
            } else {
                Poll::Pending
            }
        }

        fn call(&mut self, _: Request<VerifiedBody>) -> Self::Future {
            ready(Ok(Response::new(Full::default())))
        }
    }

    /// A body whose stream fails.
    struct Broken;

    impl http_body::Body for Broken {
        type Data = bytes::Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            self: std::pin::Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
            Poll::Ready(Some(Err(std::io::Error::other("connection reset"))))
        }
    }

    /// A body that breaks is unreadable (400), not too large (413).
    #[test]
    fn a_broken_body_is_unreadable_not_too_large() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let state = crate::notification::NotificationState::new(NotificationVerifier::new(signer));
        let request = Request::builder()
            .header("X-Cld-Timestamp", "1315060510")
            .header("X-Cld-Signature", "00")
            .body(Broken)
            .unwrap();
        let mut future = std::pin::pin!(super::verify(&state, request));
        let result = match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(result) => result,
            Poll::Pending => panic!("a failing body fails at once"),
        };
        match result {
            Err(crate::notification::NotificationError::UnreadableBody { reason }) => {
                assert!(reason.contains("connection reset"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    /// The layer is ready exactly when the service behind it is (back-pressure passes through).
    #[test]
    fn readiness_is_the_inner_services() {
        let signer = Signer::new(ApiSecret::new("abcd").unwrap());
        let layer = NotificationLayer::new(NotificationVerifier::new(signer));
        let mut cx = Context::from_waker(Waker::noop());
        let mut closed = layer.layer(Gate { ready: false });
        assert!(
            Service::<Request<Full<bytes::Bytes>>>::poll_ready(&mut closed, &mut cx).is_pending()
        );
        let mut open = layer.layer(Gate { ready: true });
        assert!(matches!(
            Service::<Request<Full<bytes::Bytes>>>::poll_ready(&mut open, &mut cx),
            Poll::Ready(Ok(()))
        ));
    }
}
