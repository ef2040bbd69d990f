//! Open data (開放資料): the catalogue and its search, the CKAN Action API,
//! the DataStore, and participation (subscriptions, feedback, ratings,
//! requests, showcases).

pub mod body;
pub mod db;
pub mod handlers;
pub mod jobs;
