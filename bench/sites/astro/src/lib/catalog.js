// The benchmark's data: bench/sites/isl/src/lib/catalog.hpp in JavaScript.
const adjectives = ['Slow', 'Bright', 'Quiet', 'Copper', 'Smoky', 'Golden', 'Little', 'Rustic', 'Misty', 'Crisp'];
const nouns = ['Kettle', 'Dripper', 'Grinder', 'Mug', 'Teapot', 'Scale', 'Filter', 'Tin', 'Whisk', 'Carafe'];

export function stock(productId) {
  const quantity = (productId * 7919) % 23;
  return { quantity, available: quantity > 0, low: quantity > 0 && quantity <= 3 };
}

export function money(cents) {
  const frac = String(cents % 100);
  return '$' + Math.floor(cents / 100) + '.' + (frac.length < 2 ? '0' : '') + frac;
}

// `count` rows starting at product `first`, built on every call (as a query would).
export function rows(first, count) {
  const out = [];
  for (let i = first; i < first + count; ++i) {
    out.push({
      id: i,
      name: adjectives[i % 10] + ' ' + nouns[(i * 3) % 10] + ' & Co',
      sku: 'SKU-' + (100000 + i),
      priceCents: 500 + ((i * 137) % 9500),
      quantity: (i * 7919) % 23,
    });
  }
  return out;
}
