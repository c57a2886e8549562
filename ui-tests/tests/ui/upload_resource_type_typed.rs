// `resource_type` is never signed, even typed: it must say `#[sign(exclude)]`.
use cld_sign::request::upload::ResourceType;
use cld_sign::Signable;

#[derive(Signable)]
struct Request {
    resource_type: ResourceType,
    timestamp: u64,
}

fn main() {}
