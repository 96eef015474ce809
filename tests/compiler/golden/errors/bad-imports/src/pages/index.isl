---
import Card "../components/Card.isl";
import Gone from "./Gone.isl";
import Header from "../lib/header.hpp";
---
<p>hi</p>
