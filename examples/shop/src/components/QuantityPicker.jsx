// A client island (docs/client-islands.md): rendered at build time with the product page,
// hydrated when it scrolls into view; the total follows the quantity without a request.
import { useState } from "preact/hooks";

function money(cents) {
  return "$" + (cents / 100).toFixed(2);
}

export default function QuantityPicker({ priceCents, max }) {
  const [quantity, setQuantity] = useState(1);
  return (
    <div class="qty">
      <div class="qty-stepper" role="group" aria-label="Quantity">
        <button type="button" class="qty-less" aria-label="One fewer" disabled={quantity <= 1}
                onClick={() => setQuantity(quantity - 1)}>−</button>
        <output class="qty-value" aria-live="polite">{quantity}</output>
        <button type="button" class="qty-more" aria-label="One more" disabled={quantity >= max}
                onClick={() => setQuantity(quantity + 1)}>+</button>
      </div>
      <span class="qty-total">Total {money(priceCents * quantity)}</span>
    </div>
  );
}
