//! Bounded access to PDF stream data: lopdf's decoders have no output limit, so Flate is
//! inflated here under the budget, and object streams (which lopdf inflates while loading) are
//! measured before lopdf sees them.

use std::io::Read;

use flate2::read::{DeflateDecoder, ZlibDecoder};
use lopdf::Stream;

use super::super::limits::{bomb, Budget};
use super::super::sniff::find;
use super::super::DocOutcome;

/// Streams with filters other than Flate are decoded by lopdf only up to this size, since its
/// decoders have no output limit.
const SMALL_STREAM: usize = 64 * 1024;
/// How far before a `stream` keyword its dictionary is looked for.
const DICT_LOOKBACK: usize = 4096;

/// Inflates (counting only) every object and xref stream, which lopdf inflates while loading
/// without a limit: a Flate bomb there is rejected before lopdf sees it.
pub(super) fn check_packed_streams(bytes: &[u8], budget: &mut Budget) -> Result<(), DocOutcome> {
    let mut from = 0usize;
    while let Some(found) = find(&bytes[from..], b"stream") {
        budget.check_time()?;
        let keyword = from + found;
        from = keyword + b"stream".len();
        if !bytes[..keyword].trim_ascii_end().ends_with(b">>") {
            continue;
        }
        let dict = &bytes[keyword.saturating_sub(DICT_LOOKBACK)..keyword];
        let dict = find_last(dict, b"obj").map_or(dict, |at| &dict[at..]);
        let packed = find(dict, b"/ObjStm").is_some() || find(dict, b"/XRef").is_some();
        if !packed || find(dict, b"FlateDecode").is_none() {
            continue;
        }
        let data = skip_eol(&bytes[from..]);
        let cap = budget.unpacked_left();
        let mut counted = std::io::sink();
        let inflated =
            std::io::copy(&mut ZlibDecoder::new(data).take(cap + 1), &mut counted).unwrap_or(0);
        if inflated > cap {
            return Err(bomb());
        }
        budget.add_unpacked(inflated)?;
    }
    Ok(())
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn skip_eol(data: &[u8]) -> &[u8] {
    let data = data.strip_prefix(b"\r").unwrap_or(data);
    data.strip_prefix(b"\n").unwrap_or(data)
}

/// The decoded bytes of a stream, inflated under the budget; `None` for a filter not read here.
pub(super) fn stream_bytes(
    stream: &Stream,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, DocOutcome> {
    let filters = stream.filters().unwrap_or_default();
    let has_params = stream.dict.get(b"DecodeParms").is_ok();
    let data = match filters.as_slice() {
        [] => stream.content.clone(),
        [b"FlateDecode"] if !has_params => inflate(&stream.content, budget.unpacked_left())?,
        _ if stream.content.len() <= SMALL_STREAM => match stream.decompressed_content() {
            Ok(data) => data,
            Err(_) => return Ok(None),
        },
        _ => return Ok(None),
    };
    budget.add_unpacked(data.len() as u64)?;
    Ok(Some(data))
}

/// Zlib (or, for broken headers, raw deflate) inflation cut at `cap` bytes.
fn inflate(data: &[u8], cap: u64) -> Result<Vec<u8>, DocOutcome> {
    let mut out = Vec::new();
    let zlib = ZlibDecoder::new(data).take(cap + 1).read_to_end(&mut out);
    if zlib.is_err() && out.is_empty() && data.len() > 2 {
        let _ = DeflateDecoder::new(&data[2..])
            .take(cap + 1)
            .read_to_end(&mut out);
    }
    if out.len() as u64 > cap {
        return Err(bomb());
    }
    Ok(out)
}
