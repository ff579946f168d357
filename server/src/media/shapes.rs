//! Flat product illustrations: a tinted background, a soft shadow and the product's
//! silhouette in its colour. `view` 0 is the front, 1 a close crop, 2 a lifestyle tile.

pub const SHAPES: &[&str] = &[
    "tshirt",
    "shirt",
    "dress",
    "jeans",
    "sneaker",
    "bag",
    "cap",
    "laptop",
    "tablet",
    "monitor",
    "headphones",
    "speaker",
    "phone",
    "watch",
];

fn path(shape: &str) -> &'static str {
    match shape {
        "tshirt" => "M120 90 L165 70 Q200 90 235 70 L280 90 L320 140 L285 165 L270 150 L270 330 L130 330 L130 150 L115 165 L80 140 Z",
        "shirt" => "M125 85 L170 68 L200 95 L230 68 L275 85 L315 150 L290 165 L275 140 L275 335 L125 335 L125 140 L110 165 L85 150 Z M200 95 L200 335",
        "dress" => "M170 70 L230 70 L240 140 L300 335 L100 335 L160 140 Z M170 70 Q200 100 230 70",
        "jeans" => "M135 70 L265 70 L280 335 L215 335 L200 160 L185 335 L120 335 Z M135 95 L265 95",
        "sneaker" => "M70 250 Q80 190 140 185 L200 160 Q230 200 280 205 Q330 210 335 255 L335 280 L70 280 Z M90 262 L320 262",
        "bag" => "M110 150 L290 150 L305 335 L95 335 Z M150 150 Q150 80 200 80 Q250 80 250 150",
        "cap" => "M100 230 Q100 120 200 115 Q300 120 300 230 Z M200 230 L340 240 Q330 260 290 255 L200 245 Z",
        "laptop" => "M110 110 L290 110 L290 240 L110 240 Z M80 250 L320 250 L335 275 L65 275 Z M122 122 L278 122 L278 228 L122 228 Z",
        "tablet" => "M130 70 L270 70 Q285 70 285 85 L285 315 Q285 330 270 330 L130 330 Q115 330 115 315 L115 85 Q115 70 130 70 Z M128 90 L272 90 L272 305 L128 305 Z",
        "monitor" => "M80 90 L320 90 L320 250 L80 250 Z M180 250 L220 250 L230 300 L170 300 Z M140 300 L260 300 L260 312 L140 312 Z",
        "headphones" => "M110 230 Q110 95 200 95 Q290 95 290 230 L270 230 Q270 120 200 120 Q130 120 130 230 Z M95 215 L145 215 L145 300 L95 300 Z M255 215 L305 215 L305 300 L255 300 Z",
        "speaker" => "M140 80 L260 80 Q275 80 275 95 L275 320 Q275 335 260 335 L140 335 Q125 335 125 320 L125 95 Q125 80 140 80 Z",
        "phone" => "M150 60 L250 60 Q270 60 270 80 L270 320 Q270 340 250 340 L150 340 Q130 340 130 320 L130 80 Q130 60 150 60 Z M143 85 L257 85 L257 315 L143 315 Z",
        _ => "M170 70 L230 70 L235 130 Q275 140 275 200 Q275 260 235 270 L230 330 L170 330 L165 270 Q125 260 125 200 Q125 140 165 130 Z",
    }
}

/// A deterministic SVG for one product, colour and view.
pub fn draw(shape: &str, seed: u32, hex: &str, view: u8) -> String {
    // Background tints vary by seed so neighbouring cards do not look identical.
    const TINTS: [&str; 6] = ["#f3efe7", "#eef2f5", "#f5eef0", "#eef3ec", "#f4f0e6", "#eceef6"];
    let bg = TINTS[(seed as usize) % TINTS.len()];
    let (transform, extra) = match view {
        1 => ("translate(-200 -170) scale(2)", ""),
        2 => (
            "translate(60 50) scale(0.7)",
            r##"<circle cx="330" cy="90" r="46" fill="#ffffff" opacity=".55"/><rect x="0" y="330" width="400" height="70" fill="#000" opacity=".05"/>"##,
        ),
        _ => ("", ""),
    };
    let accent_x = 60 + (seed * 37 % 280);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400"><rect width="400" height="400" fill="{bg}"/>{extra}<circle cx="{accent_x}" cy="340" r="120" fill="{hex}" opacity=".08"/><g transform="{transform}"><ellipse cx="200" cy="348" rx="120" ry="14" fill="#000" opacity=".12"/><path d="{path}" fill="{hex}" stroke="#000" stroke-opacity=".25" stroke-width="3" stroke-linejoin="round" fill-rule="evenodd"/></g></svg>"##,
        path = path(shape),
    )
}
