export default function Chart(props: { points: number[]; title: string }) {
  return <figure>{props.title}</figure>;
}
