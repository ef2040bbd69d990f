//! The booker's shortcuts: favourites with substitutes (offered when the
//! favourite is full), similar instruments and quick booking.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::wire::Instrument;
use crate::error::ApiError;

/// Most substitutes one favourite may have.
pub const MAX_SUBSTITUTES: usize = 5;

/// Most favourites one person may keep: the quick-booking list, and every
/// favourite with its substitutes read in a bounded number of statements.
pub const MAX_FAVORITES: usize = 20;

/// `PUT /api/me/favorites/{id}`: the substitutes, in order of preference.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FavoriteRequest {
    /// Instrument ids to offer when the favourite is full (at most 5).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub substitutes: Vec<i64>,
}

/// A favourite with its substitutes and, when a time was asked about, what is free then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Favorite {
    /// The favourite instrument.
    pub instrument: Instrument,
    /// Its substitutes, in order of preference.
    pub substitutes: Vec<Instrument>,
    /// With `?start=&end=`: whether the favourite is free then.
    #[serde(default)]
    pub free: Option<bool>,
    /// With `?start=&end=`: the substitutes free then (offered when the favourite is full).
    #[serde(default)]
    pub free_substitutes: Vec<Instrument>,
}

/// `GET /api/me/favorites`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FavoriteList {
    /// The user's favourites.
    pub favorites: Vec<Favorite>,
}

/// Where the quick-booking list comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuickSource {
    /// The user's favourites.
    Favorites,
    /// Without favourites: the instruments the user booked most.
    MostBooked,
}

/// `GET /api/me/quick-instruments`: favourites, or else the 5 most-booked bookable instruments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickList {
    /// `favorites` or `most_booked`.
    pub source: QuickSource,
    /// The instruments.
    pub instruments: Vec<Instrument>,
}

/// `GET /api/instruments/{id}/similar`: same category, nearby centres first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarList {
    /// Up to 6 instruments.
    pub instruments: Vec<Instrument>,
}

/// Checks the substitutes of favourite `id`: at most [`MAX_SUBSTITUTES`],
/// each a distinct instrument other than the favourite, and one that
/// `exists` (active). The first bad one is named.
pub fn validate_substitutes(id: i64, substitutes: &[i64], exists: impl Fn(i64) -> bool) -> Result<(), ApiError> {
    if substitutes.len() > MAX_SUBSTITUTES {
        return Err(ApiError::invalid("substitutes: at most 5"));
    }
    let mut seen = HashSet::new();
    for s in substitutes {
        if *s == id || !seen.insert(*s) || !exists(*s) {
            return Err(ApiError::invalid(format!("substitutes: {s} is not a distinct, existing instrument")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_are_few_distinct_existing_and_not_the_favourite() {
        let exists = |s: i64| s < 100;
        assert!(validate_substitutes(1, &[], exists).is_ok());
        assert!(validate_substitutes(1, &[2, 3, 4, 5, 6], exists).is_ok());
        assert_eq!(validate_substitutes(1, &[2, 3, 4, 5, 6, 7], exists).unwrap_err().message, "substitutes: at most 5");
        let named = |subs: &[i64]| validate_substitutes(1, subs, exists).unwrap_err().message;
        assert!(named(&[2, 1]).contains(" 1 "), "the favourite itself");
        assert!(named(&[2, 3, 2]).contains(" 2 "), "a duplicate");
        assert!(named(&[2, 500, 3, 3]).contains(" 500 "), "the first bad one, a missing instrument");
    }

    #[test]
    fn the_quick_list_source_is_snake_case_on_the_wire() {
        let q = QuickList { source: QuickSource::MostBooked, instruments: vec![] };
        assert_eq!(serde_json::to_value(&q).unwrap()["source"], "most_booked");
    }
}
