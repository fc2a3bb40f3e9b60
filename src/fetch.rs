//! HTTP fetching (to be written).
