//! Refreshing the dataset from the site (to be written).
