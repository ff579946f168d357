//! A backend's fields beyond the model (Alokai calls them custom fields): kept as text
//! by name, read through a type a store declares, so a store shows a platform's extra
//! data without the shared model changing.

use serde::{Deserialize, Serialize};

/// A field a store knows how to read: its name at the backend and its parse.
pub trait CustomField {
    const NAME: &'static str;
    type Value;
    fn parse(raw: &str) -> Option<Self::Value>;
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomFields(Vec<(String, String)>);

impl CustomFields {
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.0.retain(|(n, _)| *n != name);
        self.0.push((name, value.into()));
    }

    pub fn raw(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The field as its type reads it; `None` when absent or unreadable.
    pub fn get<F: CustomField>(&self) -> Option<F::Value> {
        self.raw(F::NAME).and_then(F::parse)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Months;
    impl CustomField for Months {
        const NAME: &'static str = "warranty_months";
        type Value = u32;
        fn parse(raw: &str) -> Option<u32> {
            raw.parse().ok()
        }
    }

    #[test]
    fn a_field_reads_through_its_type_or_not_at_all() {
        let mut fields = CustomFields::default();
        assert_eq!(fields.get::<Months>(), None);
        fields.insert("warranty_months", "24");
        assert_eq!(fields.get::<Months>(), Some(24));
        fields.insert("warranty_months", "two years");
        assert_eq!(fields.get::<Months>(), None);
        assert_eq!(fields.raw("warranty_months"), Some("two years"));
    }
}
