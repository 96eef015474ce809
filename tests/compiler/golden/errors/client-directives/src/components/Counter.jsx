export default function Counter({ start }) {
  return <button>{start}</button>;
}
