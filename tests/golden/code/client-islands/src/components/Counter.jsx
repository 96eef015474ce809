export default function Counter({ start, children }) {
  return <button>{start}{children}</button>;
}
