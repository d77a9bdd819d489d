//! Min / median / max of repeated measurements, and the tables the benchmark prints.

use std::time::Duration;

/// Measurements of one thing, in the order they were taken.
#[derive(Debug, Default, Clone)]
pub struct Samples(pub Vec<Duration>);

impl Samples {
    fn sorted(&self) -> Vec<Duration> {
        let mut sorted = self.0.clone();
        sorted.sort();
        sorted
    }

    pub fn min(&self) -> Duration {
        self.sorted().first().copied().unwrap_or_default()
    }

    pub fn max(&self) -> Duration {
        self.sorted().last().copied().unwrap_or_default()
    }

    /// The middle value (the mean of the two middle values for an even count).
    pub fn median(&self) -> Duration {
        let sorted = self.sorted();
        match sorted.len() {
            0 => Duration::ZERO,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
        }
    }
}

/// `1.234 s` or `12.3 ms`, whichever reads better.
pub fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 1.0 { format!("{secs:.3} s") } else { format!("{:.1} ms", secs * 1000.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Samples {
        Samples(values.iter().map(|&v| Duration::from_millis(v)).collect())
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(ms(&[30, 10, 20]).median(), Duration::from_millis(20));
        assert_eq!(ms(&[40, 10, 20, 30]).median(), Duration::from_millis(25));
        assert_eq!(ms(&[]).median(), Duration::ZERO);
    }

    #[test]
    fn min_and_max() {
        let samples = ms(&[30, 10, 20]);
        assert_eq!((samples.min(), samples.max()), (Duration::from_millis(10), Duration::from_millis(30)));
    }

    #[test]
    fn human_units() {
        assert_eq!(human(Duration::from_millis(1234)), "1.234 s");
        assert_eq!(human(Duration::from_micros(12_345)), "12.3 ms");
    }
}
